/**
 * How far ahead a task may watch: today (Moscow) and the next 59 days, about two months. WB's
 * acceptance coefficients reach only ~14 days ahead, so a task set up early simply waits for its
 * dates to come into view; further out than this is a typo (a wrong year or month), not a plan.
 */
export const TASK_HORIZON_DAYS = 60;

/** A booking task may watch at most this many calendar days (inclusive). */
export const MAX_TASK_DAYS = 30;

const DAY_MS = 86_400_000;

/** The last day a task may watch, counted from `today` (`YYYY-MM-DD`, Moscow). */
export function lastTaskDay(today: string): string {
  return new Date(Date.parse(`${today}T00:00:00Z`) + (TASK_HORIZON_DAYS - 1) * DAY_MS).toISOString().slice(0, 10);
}
