import { inWindow, minuteOfDay } from "./sales/pacing.ts";

/** Sellers' quiet hours are Moscow time, as WB's day is (sellers' settings have no zone of their own yet). */
export const QUIET_HOURS_ZONE = "Europe/Moscow";

/**
 * When the seller's quiet hours end, if `at` falls inside them: non-urgent messages wait until
 * then. Null outside them, or with no quiet hours. `start`/`end` are minutes after Moscow midnight;
 * a window with start > end wraps midnight (23:00–08:00).
 */
export function quietUntil(at: Date, start: number | null, end: number | null): Date | null {
  if (start === null || end === null || start === end) return null;
  const minute = minuteOfDay(at, QUIET_HOURS_ZONE);
  if (!inWindow(minute, start, end)) return null;
  const left = (end - minute + 1440) % 1440;
  const startOfMinute = at.getTime() - (at.getTime() % 60_000);
  return new Date(startOfMinute + left * 60_000);
}
