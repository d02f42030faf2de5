import { describe, expect, it } from "vitest";
import { DEFAULT_RECYCLE_WINDOW, parseRecycleWindow, recycleDue, recycleSlot, reloginDelayMs } from "./upkeep.ts";

const msk = (iso: string) => Date.parse(`${iso}+03:00`);

describe("re-login schedule", () => {
  it.each([
    [1, 30_000],
    [2, 60_000],
    [3, 120_000],
  ])("attempt %i waits %i ms", (attempt, ms) => {
    expect(reloginDelayMs(attempt)).toBe(ms);
  });
});

describe("recycle window", () => {
  it.each([
    ["03:00-04:00", { startMinute: 180, minutes: 60 }],
    ["2:30-2:45", { startMinute: 150, minutes: 15 }],
    ["23:30-00:30", { startMinute: 1410, minutes: 60 }],
    ["03:00", undefined],
    ["25:00-26:00", undefined],
  ])("parses %s", (text, expected) => {
    expect(parseRecycleWindow(text)).toEqual(expected);
  });

  it("spreads cabinets over the window, Moscow time", () => {
    const now = msk("2026-11-21T12:00:00");
    const slots = [1, 2, 3, 4, 5].map((id) => recycleSlot(now, id, DEFAULT_RECYCLE_WINDOW));
    for (const s of slots) {
      expect(s).toBeGreaterThanOrEqual(msk("2026-11-21T03:00:00"));
      expect(s).toBeLessThan(msk("2026-11-21T04:00:00"));
    }
    expect(new Set(slots).size).toBe(5);
  });

  // now (Moscow) · context opened at (Moscow) · due?
  it.each([
    ["2026-11-21T02:59:00", "2026-11-20T10:00:00", false],
    ["2026-11-21T04:00:00", "2026-11-20T10:00:00", true],
    ["2026-11-21T04:00:00", "2026-11-21T03:59:30", false],
    ["2026-11-21T12:00:00", "2026-11-21T05:00:00", false],
    ["2026-11-22T04:00:00", "2026-11-21T05:00:00", true],
  ])("at %s, opened %s: due %s", (now, opened, due) => {
    expect(recycleDue(msk(now), 42, msk(opened), DEFAULT_RECYCLE_WINDOW)).toBe(due);
  });
});
