import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { checkAnswer, leadingZeroBits, solvePow } from "./pow.ts";

describe("proof of work", () => {
  it("counts leading zero bits", () => {
    expect(leadingZeroBits(new Uint8Array([0, 0x0f, 0xff]))).toBe(12);
    expect(leadingZeroBits(new Uint8Array([0x80]))).toBe(0);
    expect(leadingZeroBits(new Uint8Array([0, 0]))).toBe(16);
  });

  it("solves and checks a challenge", () => {
    const answer = solvePow("abc123", 10);
    expect(checkAnswer("abc123", answer, 10)).toBe(true);
    const digest = createHash("sha256").update(`abc123${answer}`).digest();
    expect(leadingZeroBits(digest)).toBeGreaterThanOrEqual(10);
  });

  it("rejects an answer that does not reach the difficulty", () => {
    const answer = solvePow("abc123", 4);
    // Some answer for difficulty 4 that fails 20 bits is near-certain; find one deterministically.
    const weak = [answer, "0", "1", "2", "3"].find((a) => !checkAnswer("abc123", a, 20));
    expect(weak).toBeDefined();
  });
});
