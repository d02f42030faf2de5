import { describe, expect, it } from "vitest";
import { RATE_RULES, RateLimiter } from "./rate-limit.ts";

describe("RateLimiter", () => {
  const rule = RATE_RULES.coefficients.personal;

  it("admits the burst, then refuses with WB's retry/reset figures", () => {
    const limiter = new RateLimiter();
    const remaining = Array.from({ length: 6 }, () => limiter.admit("a", rule, 0));
    expect(remaining.map((r) => (r.allowed ? r.remaining : -1))).toEqual([5, 4, 3, 2, 1, 0]);
    expect(limiter.admit("a", rule, 0)).toEqual({ allowed: false, limit: 6, retrySeconds: 10, resetSeconds: 60 });
  });

  it("gives one request back per interval", () => {
    const limiter = new RateLimiter();
    for (let i = 0; i < 6; i++) limiter.admit("a", rule, 0);
    expect(limiter.admit("a", rule, 9_999).allowed).toBe(false);
    expect(limiter.admit("a", rule, 10_000)).toEqual({ allowed: true, remaining: 0 });
  });

  it("keeps keys apart", () => {
    const limiter = new RateLimiter();
    for (let i = 0; i < 6; i++) limiter.admit("a", rule, 0);
    expect(limiter.admit("b", rule, 0).allowed).toBe(true);
  });

  it("lets a penalty push the bucket below zero, delaying the next admission", () => {
    const limiter = new RateLimiter();
    limiter.admit("a", rule, 0);
    expect(limiter.charge("a", rule, 0, 9)).toBe(0);
    // 5 - 9 = -4 tokens: five intervals until one whole token is back.
    expect(limiter.admit("a", rule, 0)).toMatchObject({ allowed: false, retrySeconds: 50 });
    expect(limiter.admit("a", rule, 50_000).allowed).toBe(true);
  });

  it("holds a Basic token to one feed request an hour", () => {
    const limiter = new RateLimiter();
    const basic = RATE_RULES.coefficients.basic;
    expect(limiter.admit("b", basic, 0)).toEqual({ allowed: true, remaining: 0 });
    expect(limiter.admit("b", basic, 60_000)).toMatchObject({ allowed: false, retrySeconds: 3540, limit: 1 });
  });
});
