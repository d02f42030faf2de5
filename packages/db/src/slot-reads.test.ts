import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { loadSlotCells, loadWarehouses, pruneSlotHistory, saveSlotRead } from "./slot-reads.ts";
import { createTestDatabase, type TestDatabase } from "./testing.ts";

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase(inject("pgAdminUrl"));
});
afterAll(() => test.drop());

const at = new Date("2026-11-21T08:00:00Z");
const cell = (date: string, coefficient: number) => ({
  warehouse_id: 507,
  date,
  box_type_id: 2,
  coefficient,
  allow_unload: coefficient >= 0,
  since: at,
});

describe("slot reads", () => {
  it("upserts cells and warehouse names, appends history, and prunes the rolling window", async () => {
    await test.db.transaction().execute((trx) =>
      saveSlotRead(trx, {
        at,
        warehouses: [{ id: 507, name: "Коледино", is_sorting_center: false }],
        cells: [cell("2026-11-19", 0), cell("2026-11-25", -1)],
        changes: [
          {
            warehouse_id: 507,
            date: "2026-11-25",
            box_type_id: 2,
            kind: "closed",
            coefficient: -1,
            allow_unload: false,
            previous_coefficient: 0,
          },
        ],
      }),
    );
    const later = new Date(at.getTime() + 10_000);
    await test.db.transaction().execute((trx) =>
      saveSlotRead(trx, {
        at: later,
        warehouses: [{ id: 507, name: "Коледино-2", is_sorting_center: false }],
        cells: [{ ...cell("2026-11-25", 3), since: later }],
        changes: [],
      }),
    );
    expect(await loadSlotCells(test.db, "2026-11-21")).toEqual([{ ...cell("2026-11-25", 3), since: later }]);
    expect(await loadWarehouses(test.db)).toEqual([{ id: 507, name: "Коледино-2", is_sorting_center: false }]);

    const removed = await pruneSlotHistory(test.db, {
      historyBefore: new Date(at.getTime() + 1),
      cellsBefore: "2026-11-21",
    });
    expect(removed).toEqual({ changes: 1, cells: 1 });
    expect(await loadSlotCells(test.db, "2000-01-01")).toHaveLength(1);
  });
});
