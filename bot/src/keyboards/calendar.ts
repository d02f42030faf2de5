import { InlineKeyboard } from "grammy";
import { flowButton } from "../conversations/dialog.ts";

const DAY_MS = 86_400_000;
const utc = (day: string) => new Date(`${day}T00:00:00Z`);
const ymd = (date: Date) => date.toISOString().slice(0, 10);

/** `day` plus `n` days (calendar days, `YYYY-MM-DD`). */
export const addDays = (day: string, n: number) => ymd(new Date(utc(day).getTime() + n * DAY_MS));

/** Every day from `from` to `to`, both included. */
export function daysOf(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

const monthOf = (day: string) => day.slice(0, 7);
function shiftMonth(month: string, n: number): string {
  const [y = 0, m = 1] = month.split("-").map(Number);
  const date = new Date(Date.UTC(y, m - 1 + n, 1));
  return date.toISOString().slice(0, 7);
}

const INTL: Record<string, string> = { ru: "ru-RU", en: "en-GB" };

export interface CalendarView {
  /** `YYYY-MM` shown. */
  month: string;
  /** First and last day that may be chosen. */
  first: string;
  last: string;
  locale: string;
  /** Range mode: the chosen ends so far; skip mode: the range whose days may be skipped. */
  from?: string | undefined;
  to?: string | undefined;
  /** Skip mode: days marked to skip. */
  skips?: readonly string[];
  mode: "range" | "skip";
}

/**
 * An inline month calendar, weeks from Monday. Days outside `first`…`last` cannot be pressed.
 * Range mode marks the chosen ends `[25]` and the days between `·26·`; skip mode marks skipped
 * days `✕27`. Buttons: `day:YYYY-MM-DD`, `month:YYYY-MM`, `noop`.
 */
export function calendarKeyboard(view: CalendarView): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  const intl = INTL[view.locale] ?? view.locale;
  const title = new Intl.DateTimeFormat(intl, { month: "long", year: "numeric", timeZone: "UTC" }).format(
    utc(`${view.month}-01`),
  );
  const canBack = view.month > monthOf(view.first);
  const canForward = view.month < monthOf(view.last);
  keyboard
    .text(canBack ? "‹" : " ", flowButton(canBack ? `month:${shiftMonth(view.month, -1)}` : "noop"))
    .text(title.charAt(0).toUpperCase() + title.slice(1), flowButton("noop"))
    .text(canForward ? "›" : " ", flowButton(canForward ? `month:${shiftMonth(view.month, 1)}` : "noop"))
    .row();
  const weekday = new Intl.DateTimeFormat(intl, { weekday: "short", timeZone: "UTC" });
  // 2024-01-01 was a Monday.
  for (let i = 0; i < 7; i++)
    keyboard.text(weekday.format(utc(addDays("2024-01-01", i))).slice(0, 2), flowButton("noop"));
  keyboard.row();

  const start = utc(`${view.month}-01`);
  const lead = (start.getUTCDay() + 6) % 7;
  const days = daysOf(`${view.month}-01`, addDays(`${shiftMonth(view.month, 1)}-01`, -1));
  const cells: { text: string; data: string }[] = Array.from({ length: lead }, () => ({ text: " ", data: "noop" }));
  for (const day of days) cells.push(dayCell(day, view));
  while (cells.length % 7 !== 0) cells.push({ text: " ", data: "noop" });
  cells.forEach((cell, i) => {
    keyboard.text(cell.text, flowButton(cell.data));
    if (i % 7 === 6) keyboard.row();
  });
  return keyboard;
}

function dayCell(day: string, view: CalendarView): { text: string; data: string } {
  const n = String(Number(day.slice(8)));
  const inRange = view.from !== undefined && view.to !== undefined && day >= view.from && day <= view.to;
  if (view.mode === "skip") {
    if (!inRange) return { text: "·", data: "noop" };
    return { text: view.skips?.includes(day) ? `✕${n}` : n, data: `day:${day}` };
  }
  if (day < view.first || day > view.last) return { text: "·", data: "noop" };
  if (day === view.from || day === view.to) return { text: `[${n}]`, data: `day:${day}` };
  if (inRange) return { text: `·${n}·`, data: `day:${day}` };
  return { text: n, data: `day:${day}` };
}
