import { describe, expect, it } from "vitest";
import { isActiveTime, localDay, nextActiveTime, readDelayMs, typingMs } from "./pacing.ts";

const moscowDay = { startMinute: 9 * 60, endMinute: 21 * 60, timeZone: "Europe/Moscow" };
const night = { startMinute: 22 * 60, endMinute: 6 * 60, timeZone: "Europe/Moscow" };
const at = (iso: string) => new Date(iso);

describe("pacing", () => {
  it("reads after 3–15 s and types for a time proportional to the answer, 2–25 s", () => {
    expect([readDelayMs(0), readDelayMs(0.5), readDelayMs(0.99999)]).toEqual([3000, 9000, 15000]);
    expect(typingMs("Да", 0.5)).toBe(2000);
    expect(typingMs("x".repeat(60), 0.5)).toBe(10_000);
    expect(typingMs("x".repeat(120), 0.5)).toBeGreaterThan(typingMs("x".repeat(60), 0.5));
    expect(typingMs("x".repeat(1000), 0.5)).toBe(25_000);
  });

  it.each([
    ["2026-11-21T05:59:00Z", moscowDay, false], // 08:59 Moscow
    ["2026-11-21T06:00:00Z", moscowDay, true], // 09:00
    ["2026-11-21T17:59:00Z", moscowDay, true], // 20:59
    ["2026-11-21T18:00:00Z", moscowDay, false], // 21:00
    ["2026-11-21T20:00:00Z", night, true], // 23:00, window wraps midnight
    ["2026-11-21T02:00:00Z", night, true], // 05:00
    ["2026-11-21T09:00:00Z", night, false], // 12:00
  ] as const)("%s active in %o → %s", (iso, hours, active) => {
    expect(isActiveTime(at(iso), hours)).toBe(active);
  });

  it("waits for the next start of the active hours, across midnight", () => {
    expect(nextActiveTime(at("2026-11-21T19:30:00Z"), moscowDay).toISOString()).toBe("2026-11-22T06:00:00.000Z");
    expect(nextActiveTime(at("2026-11-21T03:15:30Z"), moscowDay).toISOString()).toBe("2026-11-21T06:00:00.000Z");
    const inside = at("2026-11-21T10:00:00Z");
    expect(nextActiveTime(inside, moscowDay)).toBe(inside);
  });

  it("counts days in the sales time zone", () => {
    expect(localDay(at("2026-11-21T20:59:00Z"), "Europe/Moscow")).toBe("2026-11-21");
    expect(localDay(at("2026-11-21T21:00:00Z"), "Europe/Moscow")).toBe("2026-11-22");
    expect(localDay(at("2026-11-21T21:00:00Z"), "UTC")).toBe("2026-11-21");
  });
});
