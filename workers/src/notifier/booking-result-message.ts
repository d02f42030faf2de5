import type { Locale } from "@slotpilot/domain";
import { translator } from "@slotpilot/locales";
import type { TelegramMessage } from "./format-alert.ts";
import { spokenCoefficient, spokenDate, spokenRubles } from "./spoken.ts";

const OUTCOMES = ["booked", "moved", "dryRun", "paused", "failed"] as const;
type Outcome = (typeof OUTCOMES)[number];

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
  const coefficient = spokenCoefficient(t, p.coefficient);
  const cost =
    typeof p.acceptanceCost === "number"
      ? t("bookingResult.rubles", {
          amount: spokenRubles(p.acceptanceCost, locale),
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
    previousCoefficient: spokenCoefficient(t, p.previousCoefficient),
  });
  const url = `${publicUrl.replace(/\/$/, "")}/tasks/${p.taskId}`;
  const label = t("alerts.openTask");
  const button = url.startsWith("https://") ? { text: label, web_app: { url } } : { text: label, url };
  return { text, replyMarkup: { inline_keyboard: [[button]] } };
}
