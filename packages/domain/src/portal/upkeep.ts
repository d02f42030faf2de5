/**
 * When the session keeper acts on its own: re-logins from saved state after WB drops a session,
 * and the daily recycling of browser contexts. Pure functions of time, tested with a table.
 */

/** Re-logins from saved state before the keeper gives up and asks the seller to log in again. */
export const MAX_RELOGINS = 3;

/** Wait before re-login attempt `n` (1-based): a moment, then longer, in case WB is only hiccuping. */
export function reloginDelayMs(attempt: number, baseMs = 30_000): number {
  return baseMs * 2 ** Math.max(0, attempt - 1);
}

export interface RecycleWindow {
  /** Minutes after Moscow midnight the window opens (03:00 = 180). */
  startMinute: number;
  /** Its length in minutes (≥ 1). */
  minutes: number;
}

export const DEFAULT_RECYCLE_WINDOW: RecycleWindow = { startMinute: 180, minutes: 60 };

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
// WB's world runs on Moscow time (UTC+3, no daylight saving).
const MOSCOW_OFFSET_MS = 3 * 3_600_000;

/** Parses `HH:MM-HH:MM` (Moscow time); undefined for anything else. */
export function parseRecycleWindow(text: string): RecycleWindow | undefined {
  const m = /^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  const [h1, m1, h2, m2] = m.slice(1).map(Number) as [number, number, number, number];
  if (h1 > 23 || h2 > 24 || m1 > 59 || m2 > 59) return undefined;
  const start = h1 * 60 + m1;
  let end = h2 * 60 + m2;
  if (end <= start) end += 24 * 60;
  return { startMinute: start, minutes: end - start };
}

/**
 * This cabinet's moment in today's window (epoch ms): cabinets are spread over the window by id, so
 * a hundred contexts are not all reopened in the same second.
 */
export function recycleSlot(now: number, cabinetId: number, window: RecycleWindow): number {
  const moscowMidnight = Math.floor((now + MOSCOW_OFFSET_MS) / DAY_MS) * DAY_MS - MOSCOW_OFFSET_MS;
  const offset = (cabinetId * 7919) % Math.max(1, window.minutes);
  return moscowMidnight + (window.startMinute + offset) * MINUTE_MS;
}

/** True when the cabinet's slot today has come and its context was last opened before it. */
export function recycleDue(now: number, cabinetId: number, openedAt: number, window: RecycleWindow): boolean {
  const slot = recycleSlot(now, cabinetId, window);
  return now >= slot && openedAt < slot;
}
