import { describe, expect, it } from "vitest";
import { type TaskEvent, type TaskReason, type TaskState, transition } from "./task-life.ts";

// Monday 23 November 2026, 12:00 Moscow.
const NOW = new Date("2026-11-23T09:00:00Z");
const task = (
  state: TaskState,
  reason: TaskReason | null = null,
  over: { dateTo?: string; deadline?: Date | null } = {},
) => ({
  state,
  reason,
  dateTo: over.dateTo ?? "2026-11-30",
  deadline: over.deadline ?? null,
});
const outcome = (from: ReturnType<typeof task>, event: TaskEvent) => {
  const t = transition(from, event);
  return t.ok ? `${t.state}${t.reason ? `(${t.reason})` : ""}${t.changed ? "" : " unchanged"}` : "refused";
};

const started: TaskEvent = { type: "booking_started" };
const confirmed: TaskEvent = { type: "booking_confirmed" };
const missed: TaskEvent = { type: "booking_missed" };
const gone: TaskEvent = { type: "booking_impossible", reason: "supply_gone" };
const pause = (reason: TaskReason): TaskEvent => ({ type: "pause", reason });
const resume: TaskEvent = { type: "resume" };
const clock = (now: Date): TaskEvent => ({ type: "clock", now });

describe("a task's life", () => {
  it.each([
    // A slot is matched, booked and confirmed.
    ["active", "booking starts", task("active"), started, "booking"],
    ["booking", "WB reads the supply back as planned", task("booking"), confirmed, "booked"],
    ["booking", "the slot was gone or a competitor was first", task("booking"), missed, "active"],
    ["booking", "the preorder no longer exists", task("booking"), gone, "failed(supply_gone)"],
    ["booked", "a late confirmation repeats", task("booked"), confirmed, "booked unchanged"],
    // One booking in flight per task.
    ["booking", "a second booking starts", task("booking"), started, "refused"],
    ["paused", "booking starts", task("paused", "by_seller"), started, "refused"],
    ["booked", "booking starts", task("booked"), started, "refused"],
    // Pausing and resuming.
    ["active", "the seller pauses it", task("active"), pause("by_seller"), "paused(by_seller)"],
    ["active", "the plan's limit is reached", task("active"), pause("plan_limit"), "paused(plan_limit)"],
    ["booking", "the portal session is lost", task("booking"), pause("session_lost"), "paused(session_lost)"],
    [
      "paused",
      "the same pause again",
      task("paused", "plan_limit"),
      pause("plan_limit"),
      "paused(plan_limit) unchanged",
    ],
    ["paused", "another reason to pause", task("paused", "plan_limit"), pause("session_lost"), "paused(session_lost)"],
    ["paused", "the seller resumes it", task("paused", "session_lost"), resume, "active"],
    ["active", "resume", task("active"), resume, "active unchanged"],
    ["booked", "pause", task("booked"), pause("by_seller"), "refused"],
    ["expired", "resume", task("expired", "date_range_over"), resume, "refused"],
    // A booking in flight runs to its outcome, whatever happened meanwhile.
    ["paused", "its booking is confirmed after all", task("paused", "session_lost"), confirmed, "booked"],
    ["paused", "its booking missed", task("paused", "session_lost"), missed, "paused(session_lost) unchanged"],
    ["expired", "its booking missed", task("expired", "deadline_passed"), missed, "expired(deadline_passed) unchanged"],
    // Time passes (Moscow calendar, as WB's).
    [
      "active",
      "the last day is still today",
      task("active", null, { dateTo: "2026-11-23" }),
      clock(NOW),
      "active unchanged",
    ],
    [
      "active",
      "the last day was yesterday",
      task("active", null, { dateTo: "2026-11-22" }),
      clock(NOW),
      "expired(date_range_over)",
    ],
    [
      "paused",
      "the deadline passed",
      task("paused", "by_seller", { deadline: new Date("2026-11-23T08:00:00Z") }),
      clock(NOW),
      "expired(deadline_passed)",
    ],
    [
      "booking",
      "the range ends mid-booking",
      task("booking", null, { dateTo: "2026-11-22" }),
      clock(NOW),
      "booking unchanged",
    ],
    ["booked", "the range ends", task("booked", null, { dateTo: "2026-11-22" }), clock(NOW), "booked unchanged"],
  ] as const)("%s, when %s → %s", (_from, _when, from, event, expected) => {
    expect(outcome(from, event)).toBe(expected);
  });
});

// Re-plan: booked at a paid coefficient, the task keeps watching for a better cell.
const replanning = (state: TaskState, over: { dateTo?: string; deadline?: Date | null } = {}) => ({
  ...task(state, null, over),
  replan: true,
});
const confirmedAt = (coefficient: number, now = NOW): TaskEvent => ({ type: "booking_confirmed", coefficient, now });
const stopWatching: TaskEvent = { type: "stop_watching" };

describe("a task that re-plans", () => {
  it.each([
    ["booking, confirmed at ×3", replanning("booking"), confirmedAt(3), "watching"],
    ["booking, confirmed free", replanning("booking"), confirmedAt(0), "booked"],
    ["booking, confirmed at ×3 without re-plan", task("booking"), confirmedAt(3), "booked"],
    [
      "booking, confirmed at ×3 after the window",
      replanning("booking", { dateTo: "2026-11-22" }),
      confirmedAt(3),
      "booked",
    ],
    ["booking, confirmed with the coefficient unknown", replanning("booking"), confirmed, "booked"],
    ["watching, a better cell: the move starts", replanning("watching"), started, "moving"],
    ["moving, the move is confirmed at ×1", replanning("moving"), confirmedAt(1), "watching"],
    ["moving, the move is confirmed free", replanning("moving"), confirmedAt(0), "booked"],
    ["moving, the move missed", replanning("moving"), missed, "watching"],
    ["moving, the supply is gone", replanning("moving"), gone, "failed(supply_gone)"],
    ["moving, a second move starts", replanning("moving"), started, "refused"],
    ["watching, the seller pauses", replanning("watching"), pause("by_seller"), "refused"],
    ["watching, the portal session is lost", replanning("watching"), pause("session_lost"), "refused"],
    ["moving, the portal session is lost", replanning("moving"), pause("session_lost"), "refused"],
    ["watching, resume", replanning("watching"), resume, "refused"],
    ["watching, the seller turns re-plan off", replanning("watching"), stopWatching, "booked"],
    ["watching, the window is still open", replanning("watching"), clock(NOW), "watching unchanged"],
    ["watching, the last day was yesterday", replanning("watching", { dateTo: "2026-11-22" }), clock(NOW), "booked"],
    [
      "watching, the deadline passed",
      replanning("watching", { deadline: new Date("2026-11-23T08:00:00Z") }),
      clock(NOW),
      "booked",
    ],
    [
      "moving, the window ends mid-move",
      replanning("moving", { dateTo: "2026-11-22" }),
      clock(NOW),
      "moving unchanged",
    ],
    [
      "moving, confirmed after the window ended",
      replanning("moving", { dateTo: "2026-11-22" }),
      confirmedAt(2),
      "booked",
    ],
    [
      "paused, its booking confirmed at ×3",
      { ...task("paused", "session_lost"), replan: true },
      confirmedAt(3),
      "booked",
    ],
  ] as const)("%s → %s", (_when, from, event, expected) => {
    expect(outcome(from, event)).toBe(expected);
  });
});
