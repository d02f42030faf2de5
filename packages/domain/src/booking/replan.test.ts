import { describe, expect, it } from "vitest";
import { isBetterSlot } from "./replan.ts";

// The supply is planned at Коледино (507) on 28 November at ×3.
const planned = { warehouseId: 507, date: "2026-11-28", coefficient: 3 };
const cell = (warehouseId: number, date: string, coefficient: number) => ({ warehouseId, date, coefficient });

describe("a cell a planned supply is worth moving to", () => {
  it.each([
    ["free, same warehouse, a later day", cell(507, "2026-11-30", 0), true],
    ["cheaper (×1), an earlier day", cell(507, "2026-11-25", 1), true],
    ["as dear (×3), an earlier day", cell(507, "2026-11-26", 3), true],
    ["as dear (×3), the same day", cell(507, "2026-11-28", 3), false],
    ["free on the same day (the supply already holds that day)", cell(507, "2026-11-28", 0), false],
    ["as dear (×3), a later day", cell(507, "2026-11-29", 3), false],
    ["dearer (×5), an earlier day", cell(507, "2026-11-24", 5), false],
    ["free, but at another warehouse (WB cannot move a supply's warehouse)", cell(120762, "2026-11-25", 0), false],
    ["closed (-1), an earlier day", cell(507, "2026-11-24", -1), false],
  ] as const)("%s → %s", (_what, candidate, expected) => {
    expect(isBetterSlot(planned, candidate)).toBe(expected);
  });
});
