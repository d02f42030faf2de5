import type { BookingEnd } from "./booking-outcome.ts";

const HOUR_MS = 3_600_000;
// WB's calendar runs on Moscow time (UTC+3, no daylight saving).
const MOSCOW_OFFSET_MS = 3 * HOUR_MS;

/** How close to a task's end a failed booking is worth a call: the last day. */
export const NEAR_DEADLINE_MS = 24 * HOUR_MS;

/**
 * The last moment a task can still be booked: its deadline, or the end of its last date (midnight
 * after `dateTo`, Moscow), whichever comes first.
 */
export function taskEndsAt(task: { dateTo: string; deadline: Date | null }): Date {
  const endOfLastDay = Date.parse(`${task.dateTo}T00:00:00Z`) + 24 * HOUR_MS - MOSCOW_OFFSET_MS;
  const deadline = task.deadline?.getTime() ?? Number.POSITIVE_INFINITY;
  return new Date(Math.min(endOfLastDay, deadline));
}

/**
 * Whether a booking's end is worth ringing the seller (`booking_failed` urgent alert): it did not
 * book (missed — the slot gone, a competitor first, WB failing, no warm page in time — or failed
 * for good) and the task has at most `NEAR_DEADLINE_MS` left, or none. Far from the end the task
 * just hunts on and the live status says why; a confirmed booking, a dry run and a pause (which
 * has its own alert) never ring.
 */
export function callsForFailedBooking(
  end: BookingEnd,
  task: { dateTo: string; deadline: Date | null },
  now: Date,
): boolean {
  if (end.kind !== "missed" && end.kind !== "failed") return false;
  return taskEndsAt(task).getTime() - now.getTime() <= NEAR_DEADLINE_MS;
}
