import { describe, expect, it } from "vitest";
import { formatAmount } from "./format.ts";

describe("formatAmount", () => {
  it("groups Stars as the reader writes numbers, and writes a card currency from its minor units", () => {
    expect(formatAmount(1790, "XTR", "en")).toBe("1,790 ⭐");
    expect(formatAmount(1790, "XTR", "ru")).toMatch(/^1\s790 ⭐$/u);
    expect(formatAmount(990, "XTR", "ru")).toBe("990 ⭐");
    expect(formatAmount(1500, "USD", "en")).toMatch(/^USD\s15\.00$/u);
    expect(formatAmount(1500, "USD", "ru")).toMatch(/^15,00\sUSD$/u);
  });
});
