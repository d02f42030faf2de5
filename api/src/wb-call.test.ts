import { AppError } from "@slotpilot/domain";
import { WbRateLimited } from "@slotpilot/wb";
import { describe, expect, it } from "vitest";
import { callWb } from "./wb-call.ts";

/** A WB call that is refused with these 429 pauses first, then answers. */
function refusedThen(pauses: number[]) {
  let calls = 0;
  const call = async () => {
    calls += 1;
    const pause = pauses.shift();
    if (pause !== undefined) throw new WbRateLimited(pause, 10);
    return "answer";
  };
  return { call, calls: () => calls };
}

describe("a seller's request meeting WB's rate limit", () => {
  it("waits out a short pause once and goes on", async () => {
    const wb = refusedThen([300]);
    const started = Date.now();
    expect(await callWb(wb.call)).toBe("answer");
    expect(wb.calls()).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it("answers wb.rate_limited, with the seconds to wait, for a long pause or a second refusal", async () => {
    const long = refusedThen([30_000]);
    await expect(callWb(long.call)).rejects.toMatchObject({ code: "wb.rate_limited", params: { seconds: 30 } });
    expect(long.calls()).toBe(1);

    const twice = refusedThen([100, 1_500]);
    const error = await callWb(twice.call).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "wb.rate_limited", params: { seconds: 2 } });
    expect(twice.calls()).toBe(2);
  });
});
