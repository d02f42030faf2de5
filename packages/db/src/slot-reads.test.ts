import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type AppEvent, listenEvents } from "./events.ts";
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

  it("is one statement: its event goes out with it, and a read that fails writes nothing", async () => {
    const heard: AppEvent[] = [];
    const listener = await listenEvents(test.url, (e) => heard.push(e), undefined, { types: ["slots.changed"] });
    try {
      const day = "2026-12-02";
      const change = {
        warehouse_id: 507,
        date: day,
        box_type_id: 2,
        kind: "opened" as const,
        coefficient: 1,
        allow_unload: true,
        previous_coefficient: null,
      };
      const event: AppEvent = {
        type: "slots.changed",
        changes: [{ warehouseId: 507, date: day, boxTypeId: 2, coefficient: 1, allowUnload: true, kind: "opened" }],
      };
      // Not in a transaction of its own: the statement is atomic by itself.
      await saveSlotRead(test.db, { at, warehouses: [], cells: [cell(day, 1)], changes: [change] }, [event]);
      for (let waited = 0; heard.length === 0 && waited < 5_000; waited += 20)
        await new Promise((r) => setTimeout(r, 20));
      expect(heard).toEqual([event]);
      expect((await loadSlotCells(test.db, day)).find((c) => c.date === day)?.coefficient).toBe(1);

      // A history row the table refuses (an unknown kind): the cell's new state is not written either.
      const bad = saveSlotRead(
        test.db,
        {
          at,
          warehouses: [],
          cells: [cell(day, 5)],
          changes: [{ ...change, kind: "vanished" as "opened", coefficient: 5 }],
        },
        [event],
      );
      await expect(bad).rejects.toThrow(/slot_changes_kind_check|check constraint/);
      expect((await loadSlotCells(test.db, day)).find((c) => c.date === day)?.coefficient).toBe(1);
      expect(await test.db.selectFrom("slot_changes").where("date", "=", day).select("coefficient").execute()).toEqual([
        { coefficient: 1 },
      ]);
      // Nor did its event go out (a notification is sent only when its statement commits).
      await new Promise((r) => setTimeout(r, 300));
      expect(heard).toHaveLength(1);
    } finally {
      await listener.close();
    }
  });
});
