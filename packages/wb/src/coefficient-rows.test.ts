import { describe, expect, it } from "vitest";
import { z } from "zod";
import { coefficientRows } from "./coefficient-rows.ts";
import { coefficientRow } from "./schemas.ts";

const good = {
  date: "2026-11-25T00:00:00Z",
  coefficient: 0,
  warehouseID: 507,
  warehouseName: "Коледино",
  allowUnload: true,
  boxTypeID: 2,
  storageCoef: "100",
  deliveryCoef: null,
  isSortingCenter: false,
};

describe("coefficientRows — the feed's fast check agrees with the schema", () => {
  it.each([
    ["a full row", good],
    ["a QR row without a box type", { ...good, boxTypeID: undefined }],
    ["an older row with boxTypeName", { ...good, boxTypeName: "Короба" }],
    ["tariffs absent", { date: good.date, coefficient: -1, warehouseID: 1, warehouseName: "X", allowUnload: false }],
    ["a paid coefficient", { ...good, coefficient: 12.5 }],
    ["a date that is a number", { ...good, date: 20261125 }],
    ["a coefficient that is a string", { ...good, coefficient: "0" }],
    ["no coefficient", { ...good, coefficient: undefined }],
    ["a fractional warehouse", { ...good, warehouseID: 507.5 }],
    ["no warehouse name", { ...good, warehouseName: undefined }],
    ["allowUnload as a number", { ...good, allowUnload: 1 }],
    ["a fractional box type", { ...good, boxTypeID: 2.5 }],
    ["a box type as a string", { ...good, boxTypeID: "2" }],
    ["a tariff that is a number", { ...good, storageCoef: 100 }],
    ["isSortingCenter as a string", { ...good, isSortingCenter: "no" }],
    ["a row that is null", null],
    ["a row that is an array", [good]],
  ])("%s", (_name, row) => {
    const expected = z.array(coefficientRow).safeParse([good, row]).success;
    expect(coefficientRows.safeParse([good, row]).success).toBe(expected);
  });

  it("refuses a body that is not an array, and names the row and field it stopped at", () => {
    expect(coefficientRows.safeParse({ rows: [] }).success).toBe(false);
    const parsed = coefficientRows.safeParse([good, { ...good, allowUnload: "yes" }]);
    expect(parsed).toEqual({ success: false, error: { message: "[1].allowUnload: expected a boolean" } });
  });
});
