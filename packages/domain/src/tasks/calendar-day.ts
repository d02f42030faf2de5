const DAY_MS = 86_400_000;
// WB's calendar runs on Moscow time (UTC+3, no daylight saving).
const MOSCOW_OFFSET_MS = 3 * 3_600_000;

/** Today's date in Moscow, `YYYY-MM-DD`: the day WB's calendar is on. */
export function moscowToday(now: Date): string {
  return new Date(now.getTime() + MOSCOW_OFFSET_MS).toISOString().slice(0, 10);
}

/** How a calendar day is written: `YYYY-MM-DD` (whether such a day exists is `isCalendarDay`). */
export const DAY_FORMAT = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isCalendarDay(value: string): boolean {
  if (!DAY_FORMAT.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** Whole days from `a` to `b` (both `YYYY-MM-DD`). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}
