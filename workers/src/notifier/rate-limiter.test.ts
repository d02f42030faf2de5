import { describe, expect, it } from "vitest";
import { SendLimiter } from "./rate-limiter.ts";

/** Sends whatever the limiter allows at each millisecond step and returns when each went out. */
function simulate(limiter: SendLimiter, queue: number[], untilMs: number, stepMs = 10) {
  const sent: { chat: number; at: number }[] = [];
  const pending = [...queue];
  for (let now = 0; now <= untilMs && pending.length > 0; now += stepMs) {
    for (let i = 0; i < pending.length; ) {
      const chat = pending[i] as number;
      if (limiter.delayFor(chat, now) === 0) {
        limiter.record(chat, now);
        sent.push({ chat, at: now });
        pending.splice(i, 1);
      } else i++;
    }
  }
  return sent;
}

describe("SendLimiter", () => {
  it("lets at most one message a second reach one chat", () => {
    const limiter = new SendLimiter();
    expect(limiter.delayFor(1, 0)).toBe(0);
    limiter.record(1, 0);
    expect(limiter.delayFor(1, 400)).toBe(600);
    expect(limiter.delayFor(2, 400)).toBe(0);
    expect(limiter.delayFor(1, 1000)).toBe(0);

    const sent = simulate(new SendLimiter(), [7, 7, 7, 7], 10_000);
    expect(sent.map((s) => s.at)).toEqual([0, 1000, 2000, 3000]);
  });

  it("never lets more than 25 messages out in any one second across chats", () => {
    const chats = Array.from({ length: 100 }, (_, i) => i + 1);
    const sent = simulate(new SendLimiter(), chats, 10_000);
    expect(sent).toHaveLength(100);
    for (const s of sent) {
      const window = sent.filter((o) => o.at >= s.at && o.at < s.at + 1000);
      expect(window.length).toBeLessThanOrEqual(25);
    }
    // And it is not needlessly slow: four windows carry a hundred messages.
    expect(sent.at(-1)?.at).toBe(3000);
  });

  it("holds every chat for a 429's retry_after", () => {
    const limiter = new SendLimiter();
    limiter.pauseUntil(5000);
    expect(limiter.delayFor(1, 1000)).toBe(4000);
    expect(limiter.delayFor(2, 4999)).toBe(1);
    expect(limiter.delayFor(2, 5000)).toBe(0);
    // A shorter pause does not cut a longer one short.
    limiter.pauseUntil(6000);
    limiter.pauseUntil(5500);
    expect(limiter.delayFor(3, 5000)).toBe(1000);
  });
});
