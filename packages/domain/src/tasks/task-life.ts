import { moscowToday } from "./calendar-day.ts";
import { hasExpired } from "./task-rules.ts";

/**
 * A booking task's life. `active` hunts; `booking` has a booking in flight (matching gives it no
 * more decisions); `booked` is done (WB read the supply back as planned); `paused` waits for a
 * person or a condition, with a reason; `failed` and `expired` are over.
 */
export type TaskState = "active" | "booking" | "booked" | "paused" | "failed" | "expired";

/** Why a task is paused, failed or expired: stable codes, worded by the reader's locale. */
export type TaskReason =
  | "by_seller"
  | "session_lost"
  | "plan_limit"
  | "trial_over"
  /** A paid plan's period ended (cancelled, refunded, not renewed). */
  | "plan_ended"
  | "supply_gone"
  | "supply_planned_elsewhere"
  | "date_range_over"
  | "deadline_passed";

export type TaskEvent =
  /** The booker took a decision for this task and wrote its intent. */
  | { type: "booking_started" }
  /** The supply read back as planned on the booked date. */
  | { type: "booking_confirmed" }
  /** The slot was gone, a competitor was first, WB failed: hunt again. */
  | { type: "booking_missed" }
  /** The booking can never succeed (the preorder is gone or planned by someone else). */
  | { type: "booking_impossible"; reason: TaskReason }
  | { type: "pause"; reason: TaskReason }
  | { type: "resume" }
  /** Time passed: the task ends if its range or deadline is behind it. */
  | { type: "clock"; now: Date };

export interface TaskSnapshot {
  state: TaskState;
  reason: TaskReason | null;
  dateTo: string;
  deadline: Date | null;
}

export type Transition =
  | { ok: true; state: TaskState; reason: TaskReason | null; changed: boolean }
  | { ok: false; error: "not_allowed" };

const same = (task: TaskSnapshot): Transition => ({ ok: true, state: task.state, reason: task.reason, changed: false });
const to = (state: TaskState, reason: TaskReason | null = null): Transition => ({
  ok: true,
  state,
  reason,
  changed: true,
});
const refuse: Transition = { ok: false, error: "not_allowed" };

/** Over: nothing moves a task out of these. */
export const isFinished = (state: TaskState): boolean =>
  state === "booked" || state === "failed" || state === "expired";

/**
 * The one place a task changes state. Pure: same task and event, same answer. A booking in flight
 * always runs to its outcome — pausing or expiring a task does not undo a booking WB confirmed —
 * so a paused task whose booking is confirmed is booked, and one whose booking missed stays paused.
 */
export function transition(task: TaskSnapshot, event: TaskEvent): Transition {
  const { state } = task;
  switch (event.type) {
    case "booking_started":
      return state === "active" ? to("booking") : refuse;
    case "booking_confirmed":
      return state === "booking" || state === "paused" ? to("booked") : state === "booked" ? same(task) : refuse;
    case "booking_missed":
      if (state === "booking") return to("active");
      return state === "paused" || isFinished(state) ? same(task) : refuse;
    case "booking_impossible":
      return state === "booking" || state === "active" || state === "paused" ? to("failed", event.reason) : refuse;
    case "pause":
      if (state === "active" || state === "booking") return to("paused", event.reason);
      if (state === "paused") return event.reason === task.reason ? same(task) : to("paused", event.reason);
      return refuse;
    case "resume":
      if (state !== "paused") return state === "active" ? same(task) : refuse;
      return to("active");
    case "clock": {
      if (state !== "active" && state !== "paused") return same(task);
      if (!hasExpired({ dateTo: task.dateTo, deadline: task.deadline }, event.now)) return same(task);
      const reason: TaskReason = task.dateTo < moscowToday(event.now) ? "date_range_over" : "deadline_passed";
      return to("expired", reason);
    }
  }
}
