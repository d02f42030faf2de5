export const DAY_MS = 86_400_000;

/** Whole days since the Unix epoch (UTC): the calendar's date key. */
export function dayOf(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

/** WB's feed date format: midnight UTC without milliseconds, e.g. `2026-11-25T00:00:00Z`. */
export function dayToIso(day: number): string {
  return `${dayToYmd(day)}T00:00:00Z`;
}

export function dayToYmd(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Accepts `YYYY-MM-DD` or any ISO timestamp; the UTC calendar day it falls on. */
export function parseDay(input: string): number | undefined {
  const text = /^\d{4}-\d{2}-\d{2}$/.test(input) ? `${input}T00:00:00Z` : input;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : dayOf(ms);
}

export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

const MONTHS = [
  "января",
  "февраля",
  "марта",
  "апреля",
  "мая",
  "июня",
  "июля",
  "августа",
  "сентября",
  "октября",
  "ноября",
  "декабря",
];
const WEEKDAYS = ["вс", "пн", "вт", "ср", "чт", "пт", "сб"];

/** How the portal prints a date: `25 ноября, ср`. */
export function ruDate(day: number): string {
  const d = new Date(day * DAY_MS);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}, ${WEEKDAYS[d.getUTCDay()]}`;
}
