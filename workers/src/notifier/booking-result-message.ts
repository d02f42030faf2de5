import type { Locale } from "@slotpilot/domain";
import { translator } from "@slotpilot/locales";
import type { TelegramMessage } from "./format-alert.ts";
import { spokenCoefficient, spokenDate, spokenRubles } from "./spoken.ts";

const OUTCOMES = ["booked", "moved", "dryRun", "paused", "failed"] as const;
type Outcome = (typeof OUTCOMES)[number];
/** A pause whose cause is the plan: the seller's one message about it leads to the Plan screen. */
const PLAN_REASONS: readonly string[] = ["booking.plan_limit", "booking.trial_over"];

/**
 * What a booking's end means for the seller, as a new message (the live status is edited in place
 * and does not ring): booked — warehouse, date, coefficient, acceptance cost in rubles; moved (re-plan)
 * — from which day and coefficient to which; a dry run's result; a pause (the plan's limit: the
 * slot it left, and a button to the plan) or a permanent failure with its reason.
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
  // Paused by the plan (its bookings used up, the trial over): the way on is a plan, so it says so.
  const byPlan = p.outcome === "paused" && PLAN_REASONS.includes(p.reasonCode as string);
  const text = t(byPlan ? "bookingResult.pausedPlan" : `bookingResult.${p.outcome as Outcome}`, {
    id: p.taskId,
    warehouse: typeof p.warehouseName === "string" ? p.warehouseName : "",
    date: spokenDate(p.date, locale),
    coefficient,
    cost,
    reason,
    previousDate: spokenDate(p.previousDate, locale),
    previousCoefficient: spokenCoefficient(t, p.previousCoefficient),
  });
  const base = publicUrl.replace(/\/$/, "");
  const task = link(t("alerts.openTask"), `${base}/tasks/${p.taskId}`);
  const rows = byPlan ? [[link(t("billing.notices.openPlan"), `${base}/plan`)], [task]] : [[task]];
  return { text, replyMarkup: { inline_keyboard: rows } };
}

/** A button to a Mini App screen (a plain link over HTTP: Telegram opens web apps only over HTTPS). */
function link(text: string, url: string) {
  return url.startsWith("https://") ? { text, web_app: { url } } : { text, url };
}
