import type { TaskEvent, TaskReason } from "../tasks/task-life.ts";

/**
 * Why one booking attempt did not end in a confirmed supply, as the portal driver tells it. `refused`
 * carries WB's own refusal code for `plan/add` (as the sandbox documents them).
 */
export type AttemptFailure =
  | { kind: "refused"; wbReason: string | undefined }
  | { kind: "session_lost" }
  | { kind: "unavailable" }
  | { kind: "rate_limited" }
  | { kind: "cost_over_cap" }
  | { kind: "not_confirmed" }
  /** Re-plan: WB shows the supply past planning (shipping allowed, accepting…): it can no longer move. */
  | { kind: "move_unavailable" }
  | { kind: "supply_gone" }
  | { kind: "planned_elsewhere" }
  | { kind: "plan_limit" }
  | { kind: "trial_over" }
  | { kind: "stale" };

/** Every code a booking can end with; each is an `errors.booking.*` message. */
export const BOOKING_REASONS = [
  "booking.slot_gone",
  "booking.competitor_first",
  "booking.challenge_refused",
  "booking.session_lost",
  "booking.wb_unavailable",
  "booking.rate_limited",
  "booking.cost_over_cap",
  "booking.not_confirmed",
  "booking.move_unavailable",
  "booking.supply_gone",
  "booking.planned_elsewhere",
  "booking.plan_limit",
  "booking.trial_over",
  "booking.stale",
] as const;
export type BookingReason = (typeof BOOKING_REASONS)[number];

/**
 * What a failed attempt means: `missed` — this slot is lost, the task hunts on; `failed` — the task
 * can never be booked (its task fails with `taskReason`); `paused` — the task waits (plan limit).
 */
export type FailureVerdict =
  | { kind: "missed"; reason: BookingReason }
  | { kind: "failed"; reason: BookingReason; taskReason: TaskReason }
  | { kind: "paused"; reason: BookingReason; taskReason: TaskReason };

const WB_REFUSALS: Record<string, BookingReason> = {
  slot_closed: "booking.slot_gone",
  date_unavailable: "booking.slot_gone",
  warehouse_unavailable: "booking.slot_gone",
  // The cell was open when we saw it and its places are gone now: someone booked them first.
  no_capacity: "booking.competitor_first",
  captcha_invalid: "booking.challenge_refused",
};

/** The one place a failed attempt is judged. Pure. */
export function judgeFailure(failure: AttemptFailure): FailureVerdict {
  switch (failure.kind) {
    case "refused": {
      if (failure.wbReason === "preorder_not_found")
        return { kind: "failed", reason: "booking.supply_gone", taskReason: "supply_gone" };
      if (failure.wbReason === "already_planned")
        return { kind: "failed", reason: "booking.planned_elsewhere", taskReason: "supply_planned_elsewhere" };
      return { kind: "missed", reason: WB_REFUSALS[failure.wbReason ?? ""] ?? "booking.slot_gone" };
    }
    case "supply_gone":
      return { kind: "failed", reason: "booking.supply_gone", taskReason: "supply_gone" };
    case "planned_elsewhere":
      return { kind: "failed", reason: "booking.planned_elsewhere", taskReason: "supply_planned_elsewhere" };
    case "plan_limit":
      return { kind: "paused", reason: "booking.plan_limit", taskReason: "plan_limit" };
    case "trial_over":
      return { kind: "paused", reason: "booking.trial_over", taskReason: "trial_over" };
    case "session_lost":
      return { kind: "missed", reason: "booking.session_lost" };
    case "unavailable":
      return { kind: "missed", reason: "booking.wb_unavailable" };
    case "rate_limited":
      return { kind: "missed", reason: "booking.rate_limited" };
    case "cost_over_cap":
      return { kind: "missed", reason: "booking.cost_over_cap" };
    case "not_confirmed":
      return { kind: "missed", reason: "booking.not_confirmed" };
    case "move_unavailable":
      return { kind: "missed", reason: "booking.move_unavailable" };
    case "stale":
      return { kind: "missed", reason: "booking.stale" };
  }
}

/** How a booking ended, as the task's life sees it. */
export type BookingEnd = { kind: "confirmed" } | { kind: "dry_run" } | FailureVerdict;

/** The task event a booking's end is. */
export function taskEventFor(end: BookingEnd): TaskEvent {
  switch (end.kind) {
    case "confirmed":
      return { type: "booking_confirmed" };
    case "dry_run":
    case "missed":
      return { type: "booking_missed" };
    case "failed":
      return { type: "booking_impossible", reason: end.taskReason };
    case "paused":
      return { type: "pause", reason: end.taskReason };
  }
}

/**
 * What WB's read-back of the supply says about a booking of `date` (`YYYY-MM-DD`): confirmed only
 * when it is planned (status 2) on that date; planned on another date is someone else's plan.
 */
export function readBackVerdict(
  supply: { statusId: number; supplyDate: string | null } | null,
  date: string,
): "confirmed" | "unplanned" | "planned_elsewhere" | "gone" {
  if (!supply) return "gone";
  if (supply.statusId === 1) return "unplanned";
  const planned = supply.supplyDate?.slice(0, 10);
  // Statuses past 2 (shipping allowed, accepting…) still mean the supply went ahead on that date.
  if (supply.statusId >= 2 && planned === date) return "confirmed";
  return "planned_elsewhere";
}
