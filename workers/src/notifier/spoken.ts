import type { Locale } from "@slotpilot/domain";
import type { Translate } from "@slotpilot/locales";

const DATE_LOCALES: Record<Locale, string> = { ru: "ru-RU", en: "en-GB" };

/** A calendar day as a reader says it («25 ноября», "25 November"); "" for anything else. */
export function spokenDate(date: unknown, locale: Locale): string {
  if (typeof date !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return "";
  return new Intl.DateTimeFormat(DATE_LOCALES[locale], { day: "numeric", month: "long", timeZone: "UTC" }).format(
    new Date(`${date}T00:00:00Z`),
  );
}

/** "×2", or the word for free; "" when there is no coefficient. */
export const spokenCoefficient = (t: Translate, value: unknown): string =>
  typeof value === "number" ? (value === 0 ? t("alerts.free") : `×${value}`) : "";

/** A sum of rubles as the reader writes numbers («3 000», "3,000"), without the sign. */
export const spokenRubles = (amount: number, locale: Locale): string =>
  new Intl.NumberFormat(DATE_LOCALES[locale], { maximumFractionDigits: 2 }).format(amount);
