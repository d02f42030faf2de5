import { describe, expect, it } from "vitest";
import { MONOPALLET } from "./box-types.ts";
import { Calendar } from "./calendar.ts";
import { dayOf } from "./dates.ts";
import { TEST_START } from "./test-support.ts";
import { buildWarehouses } from "./warehouses.ts";

const today = dayOf(TEST_START);
const calendar = () => new Calendar({ seed: 42, baseDay: today, now: TEST_START, warehouses: buildWarehouses() });

describe("Calendar", () => {
  it("serves a full feed like WB's: ~147 warehouses, ~5,600 rows over 14 days", () => {
    const rows = JSON.parse(calendar().feedJson(today)) as { warehouseID: number; date: string }[];
    expect(new Set(rows.map((r) => r.warehouseID)).size).toBe(147);
    expect(rows.length).toBeGreaterThan(5_000);
    expect(rows.length).toBeLessThan(6_500);
    expect(new Set(rows.map((r) => r.date)).size).toBe(14);
  });

  it("is mostly closed or expensive", () => {
    const rows = JSON.parse(calendar().feedJson(today)) as { coefficient: number; allowUnload: boolean }[];
    const cheap = rows.filter((r) => r.allowUnload && r.coefficient >= 0 && r.coefficient <= 1).length;
    expect(cheap / rows.length).toBeLessThan(0.15);
  });

  it("filters by warehouse and rebuilds a cached fragment only after a change", () => {
    const cal = calendar();
    const before = cal.feedJson(today, { warehouseIds: [507] });
    expect(cal.feedJson(today, { warehouseIds: [507] })).toBe(before);
    const cell = cal.get(507, today + 1, MONOPALLET);
    if (!cell) throw new Error("Коледино takes pallets");
    cal.update(cell, { coefficient: 0, allowUnload: true }, TEST_START + 1000);
    const after = cal.feedJson(today, { warehouseIds: [507] });
    expect(after).not.toBe(before);
    expect(cell.openedAt).toBe(TEST_START + 1000);
    expect(cal.open.has(cell)).toBe(true);
  });

  it("closes a cell for good when its capacity is used up", () => {
    const cal = calendar();
    const cell = cal.get(507, today + 1, MONOPALLET);
    if (!cell) throw new Error("Коледино takes pallets");
    cal.update(cell, { coefficient: 0, allowUnload: true, capacity: cell.booked + 1 }, TEST_START);
    cal.book(cell, TEST_START);
    expect(cell).toMatchObject({ allowUnload: false, openedAt: null });
    cal.release(cell, TEST_START + 5);
    expect(cell).toMatchObject({ allowUnload: true, openedAt: TEST_START + 5 });
  });
});
