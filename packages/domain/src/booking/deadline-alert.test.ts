import { describe, expect, it } from "vitest";
import type { BookingEnd } from "./booking-outcome.ts";
import { callsForFailedBooking, taskEndsAt } from "./deadline-alert.ts";

// Monday 23 November 2026, 12:00 Moscow.
const NOW = new Date("2026-11-23T09:00:00Z");
const missed: BookingEnd = { kind: "missed", reason: "booking.competitor_first" };
const stale: BookingEnd = { kind: "missed", reason: "booking.stale" };
const failed: BookingEnd = { kind: "failed", reason: "booking.supply_gone", taskReason: "supply_gone" };
const confirmed: BookingEnd = { kind: "confirmed" };
const dryRun: BookingEnd = { kind: "dry_run" };
const paused: BookingEnd = { kind: "paused", reason: "booking.plan_limit", taskReason: "plan_limit" };
const task = (dateTo: string, deadline: string | null = null) => ({
  dateTo,
  deadline: deadline === null ? null : new Date(deadline),
});

describe("a failed booking rings the seller only near the task's end", () => {
  it.each([
    // The end of the last date is midnight after it, Moscow time (21:00 UTC).
    ["missed, the last date is today (12 h left)", missed, task("2026-11-23"), true],
    ["missed, the last date is tomorrow (36 h left)", missed, task("2026-11-24"), false],
    ["missed, no warm page in time, the last date is today", stale, task("2026-11-23"), true],
    ["failed for good, the last date is today", failed, task("2026-11-23"), true],
    ["failed for good, a week left", failed, task("2026-11-30"), false],
    [
      "missed, a deadline in 23 h though the dates run a week",
      missed,
      task("2026-11-30", "2026-11-24T08:00:00Z"),
      true,
    ],
    ["missed, a deadline in exactly 24 h", missed, task("2026-11-30", "2026-11-24T09:00:00Z"), true],
    ["missed, a deadline in 25 h", missed, task("2026-11-30", "2026-11-24T10:00:00Z"), false],
    ["missed, the deadline already passed", missed, task("2026-11-30", "2026-11-23T08:00:00Z"), true],
    ["booked, the last date is today", confirmed, task("2026-11-23"), false],
    ["a dry run, the last date is today", dryRun, task("2026-11-23"), false],
    ["paused at the plan's limit (it has its own alert)", paused, task("2026-11-23"), false],
  ] as const)("%s → call: %s", (_when, end, t, expected) => {
    expect(callsForFailedBooking(end, t, NOW)).toBe(expected);
  });

  it("a task ends at its deadline or at midnight Moscow after its last date, whichever is first", () => {
    expect(taskEndsAt(task("2026-11-23")).toISOString()).toBe("2026-11-23T21:00:00.000Z");
    expect(taskEndsAt(task("2026-11-23", "2026-11-23T10:00:00Z")).toISOString()).toBe("2026-11-23T10:00:00.000Z");
    expect(taskEndsAt(task("2026-11-23", "2026-11-25T10:00:00Z")).toISOString()).toBe("2026-11-23T21:00:00.000Z");
  });
});
