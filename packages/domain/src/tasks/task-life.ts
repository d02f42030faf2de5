import { moscowToday } from "./calendar-day.ts";
import { hasExpired } from "./task-rules.ts";

/**
 * A booking task's life. `active` hunts; `booking` has a booking in flight (matching gives it no
 * more decisions); `booked` is done (WB read the supply back as planned); `paused` waits for a
 * person or a condition, with a reason; `failed` and `expired` are over.
 *
 * Re-plan (a task's `replan` option): a task booked at a paid coefficient is `watching` — booked,
 * and still looking for a cheaper or earlier cell at the same warehouse inside its window; `moving`
 * has a move (`plan/update`) in flight. Both are booked as far as WB and the seller are concerned:
 * nothing (a pause, a lost session, the clock) ever makes them unbooked. Free, or the window over,
 * and the task is simply `booked`.
 */
export type TaskState = "active" | "booking" | "booked" | "watching" | "moving" | "paused" | "failed" | "expired";

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
  /**
   * The supply read back as planned on the booked date (a move: on the new date), at `coefficient`
   * (absent: not known, the task is simply booked), seen at `now`.
   */
  | { type: "booking_confirmed"; coefficient?: number; now?: Date }
  /** The slot was gone, a competitor was first, WB failed: hunt again (a move: watch again). */
  | { type: "booking_missed" }
  /** The booking can never succeed (the preorder is gone or planned by someone else). */
  | { type: "booking_impossible"; reason: TaskReason }
  | { type: "pause"; reason: TaskReason }
  /** The seller turned re-plan off: a watching task is simply booked. */
  | { type: "stop_watching" }
  | { type: "resume" }
  /** Time passed: the task ends if its range or deadline is behind it. */
  | { type: "clock"; now: Date };

export interface TaskSnapshot {
  state: TaskState;
  reason: TaskReason | null;
  dateTo: string;
  deadline: Date | null;
  /** After booking at a paid coefficient, keep watching for a better cell and move the supply. */
  replan?: boolean;
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
 * The states matching looks at: hunting, a booking in flight (to give it nothing), and re-plan's
 * watching and moving (only a better cell than the planned one is news).
 */
export const MATCHED_STATES = ["active", "booking", "watching", "moving"] as const satisfies readonly TaskState[];
export const isMatched = (state: string): boolean => (MATCHED_STATES as readonly string[]).includes(state);

/** A booking (or a re-plan's move) in flight: matching gives the task nothing until it ends. */
export const isInFlight = (state: string): boolean => state === "booking" || state === "moving";

/** Booked at WB: done, or booked and watching for a better cell (re-plan). */
export const isBooked = (state: TaskState): boolean => state === "booked" || state === "watching" || state === "moving";

/** Where a confirmed booking leaves the task: watching while a re-plan can still pay off, else booked. */
function afterConfirmed(task: TaskSnapshot, event: { coefficient?: number; now?: Date }): Transition {
  const watch =
    task.replan === true &&
    event.coefficient !== undefined &&
    event.coefficient > 0 &&
    event.now !== undefined &&
    !hasExpired({ dateTo: task.dateTo, deadline: task.deadline }, event.now);
  const next: TaskState = watch ? "watching" : "booked";
  return next === task.state ? same(task) : to(next);
}

/**
 * The one place a task changes state. Pure: same task and event, same answer. A booking in flight
 * always runs to its outcome — pausing or expiring a task does not undo a booking WB confirmed —
 * so a paused task whose booking is confirmed is booked, and one whose booking missed stays paused.
 */
export function transition(task: TaskSnapshot, event: TaskEvent): Transition {
  const { state } = task;
  switch (event.type) {
    case "booking_started":
      if (state === "watching") return to("moving");
      return state === "active" ? to("booking") : refuse;
    case "booking_confirmed":
      if (state === "booking" || state === "moving") return afterConfirmed(task, event);
      // Paused meanwhile: booked, and no more watching (the seller or the session stopped it).
      if (state === "paused") return to("booked");
      return state === "booked" || state === "watching" ? same(task) : refuse;
    case "booking_missed":
      if (state === "booking") return to("active");
      if (state === "moving") return to("watching");
      return state === "paused" || state === "watching" || isFinished(state) ? same(task) : refuse;
    case "booking_impossible":
      return state === "booking" || state === "active" || state === "paused" || state === "moving"
        ? to("failed", event.reason)
        : refuse;
    case "stop_watching":
      if (state === "watching") return to("booked");
      return state === "booked" ? same(task) : refuse;
    case "pause":
      if (state === "active" || state === "booking") return to("paused", event.reason);
      if (state === "paused") return event.reason === task.reason ? same(task) : to("paused", event.reason);
      return refuse;
    case "resume":
      if (state !== "paused") return state === "active" ? same(task) : refuse;
      return to("active");
    case "clock": {
      // The window passed while watching: nothing better can come, the task is simply booked.
      if (state === "watching")
        return hasExpired({ dateTo: task.dateTo, deadline: task.deadline }, event.now) ? to("booked") : same(task);
      if (state !== "active" && state !== "paused") return same(task);
      if (!hasExpired({ dateTo: task.dateTo, deadline: task.deadline }, event.now)) return same(task);
      const reason: TaskReason = task.dateTo < moscowToday(event.now) ? "date_range_over" : "deadline_passed";
      return to("expired", reason);
    }
  }
}
