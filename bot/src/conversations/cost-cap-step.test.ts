import { describe, expect, it } from "vitest";
import { parseRubles } from "./cost-cap-step.ts";

describe("a ruble cap as people type it", () => {
  it.each([
    ["5000", 5000],
    ["5 000", 5000],
    ["5\u00a0000 ₽", 5000],
    ["5,000", 5000],
    ["2500 руб.", 2500],
    ["2500р", 2500],
    ["1 000 000 rub", 1_000_000],
    ["0", 0],
    ["10000000", 10_000_000],
    ["10000001", "tooLarge"],
    ["99999999999999999999", "tooLarge"],
    ["0005000", 5000],
    ["-5", null],
    ["1.5", null],
    ["5,5", null],
    ["cheap", null],
    ["", null],
    ["5 00", null],
  ])("%j → %j", (text, expected) => {
    expect(parseRubles(text)).toBe(expected);
  });
});
