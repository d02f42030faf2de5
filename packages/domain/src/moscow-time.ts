/** WB's clock: WB and its sellers keep Moscow time (UTC+3, no daylight saving), and so does Slotpilot. */
export const MOSCOW_TIME_ZONE = "Europe/Moscow";

/**
 * A moment on Moscow's clock, without the zone — "1 Dec, 08:18", «1 дек., 08:18» — the same in the
 * bot's chat and in the Mini App, whatever the reader's device clock says.
 */
export function moscowTime(at: string | Date, locale: string): string {
  return new Intl.DateTimeFormat(locale.startsWith("ru") ? "ru-RU" : "en-GB", {
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
    timeZone: MOSCOW_TIME_ZONE,
  }).format(new Date(at));
}
