/**
 * Human pacing for a Telegram user account: a person reads a message a little after it arrives,
 * types for a while proportional to what they write, and writes only during the day. Pure: random
 * numbers (0 ≤ r < 1) and time are passed in.
 */
export interface ActiveHours {
  /** Minutes after midnight, in `timeZone`. start > end wraps midnight. */
  startMinute: number;
  endMinute: number;
  timeZone: string;
}

/** 3–15 s before the read receipt. */
export function readDelayMs(random: number): number {
  return Math.round(3000 + random * 12_000);
}

/** About 6 characters a second with ±20 % jitter, at least 2 s and at most 25 s. */
export function typingMs(text: string, random: number): number {
  const ms = (text.length / 6) * 1000 * (0.8 + random * 0.4);
  return Math.round(Math.min(25_000, Math.max(2000, ms)));
}

const parts = (at: Date, timeZone: string) => {
  const fields = new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(at);
  const get = (type: string) => fields.find((f) => f.type === type)?.value ?? "00";
  return {
    day: `${get("year")}-${get("month")}-${get("day")}`,
    minute: Number(get("hour")) * 60 + Number(get("minute")),
  };
};

/** The calendar day (`YYYY-MM-DD`) at `at` in `timeZone`: the day an account's daily counter belongs to. */
export function localDay(at: Date, timeZone: string): string {
  return parts(at, timeZone).day;
}

/** Minutes after midnight at `at` in `timeZone`. */
export function minuteOfDay(at: Date, timeZone: string): number {
  return parts(at, timeZone).minute;
}

/** True when `minute` lies in [start, end), the window wrapping midnight when start > end. */
export function inWindow(minute: number, startMinute: number, endMinute: number): boolean {
  return startMinute < endMinute
    ? minute >= startMinute && minute < endMinute
    : minute >= startMinute || minute < endMinute;
}

export function isActiveTime(at: Date, hours: ActiveHours): boolean {
  return inWindow(minuteOfDay(at, hours.timeZone), hours.startMinute, hours.endMinute);
}

/** `at` itself when inside the active hours, else the next moment they begin (to the minute). */
export function nextActiveTime(at: Date, hours: ActiveHours): Date {
  if (isActiveTime(at, hours)) return at;
  const minute = minuteOfDay(at, hours.timeZone);
  const wait = (hours.startMinute - minute + 1440) % 1440;
  const start = new Date(at.getTime() + wait * 60_000);
  // Back to the whole minute; a time-zone change within the wait is at most an hour off and corrected on the next check.
  start.setUTCSeconds(0, 0);
  return start;
}
