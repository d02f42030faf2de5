import type { Locale } from "@slotpilot/domain";
import { translator } from "@slotpilot/locales";
import type { TelegramMessage } from "./format-alert.ts";

const OUTCOMES = ["booked", "moved", "dryRun", "paused", "failed"] as const;
type Outcome = (typeof OUTCOMES)[number];
const DATE_LOCALES: Record<Locale, string> = { ru: "ru-RU", en: "en-GB" };

/** A calendar day as a reader says it («25 ноября», "25 November"). */
export function spokenDate(date: unknown, locale: Locale): string {
  if (typeof date !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return "";
  return new Intl.DateTimeFormat(DATE_LOCALES[locale], { day: "numeric", month: "long", timeZone: "UTC" }).format(
    new Date(`${date}T00:00:00Z`),
  );
}

/**
 * What a booking's end means for the seller, as a new message (the live status is edited in place
 * and does not ring): booked — warehouse, date, coefficient, acceptance cost in rubles; moved (re-plan)
 * — from which day and coefficient to which; a dry run's result; a pause (the plan's limit) or a
 * permanent failure with its reason.
 */
export function bookingResultMessage(payload: unknown, locale: Locale, publicUrl: string): TelegramMessage | null {
  const p = payload as Record<string, unknown> | null;
  if (typeof p?.taskId !== "number" || !OUTCOMES.includes(p.outcome as Outcome)) return null;
  const t = translator(locale);
  const spokenCoefficient = (value: unknown) =>
    typeof value === "number" ? (value === 0 ? t("alerts.free") : `×${value}`) : "";
  const coefficient = spokenCoefficient(p.coefficient);
  const cost =
    typeof p.acceptanceCost === "number"
      ? t("bookingResult.rubles", {
          amount: new Intl.NumberFormat(DATE_LOCALES[locale], { maximumFractionDigits: 2 }).format(p.acceptanceCost),
        })
      : t("bookingResult.costUnknown");
  const reason = typeof p.reasonCode === "string" ? t(`errors.${p.reasonCode}`) : t("taskStatus.noReason");
  const text = t(`bookingResult.${p.outcome as Outcome}`, {
    id: p.taskId,
    warehouse: typeof p.warehouseName === "string" ? p.warehouseName : "",
    date: spokenDate(p.date, locale),
    coefficient,
    cost,
    reason,
    previousDate: spokenDate(p.previousDate, locale),
    previousCoefficient: spokenCoefficient(p.previousCoefficient),
  });
  const url = `${publicUrl.replace(/\/$/, "")}/tasks/${p.taskId}`;
  const label = t("alerts.openTask");
  const button = url.startsWith("https://") ? { text: label, web_app: { url } } : { text: label, url };
  return { text, replyMarkup: { inline_keyboard: [[button]] } };
}
