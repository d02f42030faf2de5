import { describe, expect, it } from "vitest";
import { parseDecimalId } from "./decimal-id.ts";

describe("decimal ids", () => {
  it("reads plain decimal digits", () => {
    expect(parseDecimalId("1")).toBe(1);
    expect(parseDecimalId("123456789")).toBe(123456789);
    expect(parseDecimalId("9007199254740991")).toBe(9007199254740991);
  });

  it.each([
    "",
    "0",
    "01",
    "0x10",
    "1e9",
    "+1",
    "-1",
    "1.0",
    " 1",
    "1 ",
    "0b1",
    "9007199254740993",
    "99999999999999999",
  ])("refuses %j, which Number() would read", (text) => expect(parseDecimalId(text)).toBeNull());
});
