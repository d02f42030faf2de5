import { type Locale, taskReasonKey } from "@slotpilot/domain";
import { translator } from "@slotpilot/locales";
import type { TelegramMessage } from "./format-alert.ts";
import { spokenCoefficient, spokenDate, spokenRubles } from "./spoken.ts";

const PHASES = ["searching", "booking", "booked", "missed", "failed", "paused", "expired", "deleted"] as const;
type Phase = (typeof PHASES)[number];

/**
 * A booking task's live status: one message per task and chat that the notifier edits as the task
 * moves (searching → booking → booked / missed, still looking / failed or paused with the reason;
 * paused and resumed by the seller, the plan or the portal session; expired; deleted).
 */
export function taskStatusMessage(payload: unknown, locale: Locale, publicUrl: string): TelegramMessage | null {
  const p = payload as Record<string, unknown> | null;
  if (typeof p?.taskId !== "number" || !PHASES.includes(p.phase as Phase)) return null;
  const t = translator(locale);
  const date = spokenDate(p.date, locale);
  const coefficient = spokenCoefficient(t, p.coefficient);
  const words = {
    id: p.taskId,
    warehouse: typeof p.warehouseName === "string" ? p.warehouseName : "",
    date,
    coefficient,
    // A stable code is worded in the reader's language; a free text (older rows) is shown as it is.
    reason:
      p.reasonCode === "booking.cost_over_cap" &&
      typeof p.acceptanceCost === "number" &&
      typeof p.maxCostRub === "number"
        ? t("taskStatus.costOverCap", {
            cost: spokenRubles(p.acceptanceCost, locale),
            cap: spokenRubles(p.maxCostRub, locale),
          })
        : typeof p.reasonCode === "string"
          ? t(`errors.${p.reasonCode}`)
          : typeof p.reason === "string"
            ? p.reason
            : t("taskStatus.noReason"),
  };
  const taskReason = typeof p.taskReason === "string" ? taskReasonKey(p.taskReason) : undefined;
  const text =
    // A dry run goes up to WB's last step and stops: its "booking…" says so.
    p.phase === "booking" && p.dryRun === true
      ? t("taskStatus.bookingDryRun", words)
      : p.phase === "paused" && p.taskReason === "by_seller"
        ? t("taskStatus.pausedBySeller", words)
        : (p.phase === "paused" || p.phase === "expired") && taskReason
          ? t(`taskStatus.${p.phase}Because`, { ...words, reason: t(taskReason) })
          : t(`taskStatus.${p.phase as Phase}`, words);
  // The task is gone: nothing to open, and only a message already there is worth changing.
  if (p.phase === "deleted") return { text, liveKey: `task:${p.taskId}`, editOnly: true };
  const url = `${publicUrl.replace(/\/$/, "")}/tasks/${p.taskId}`;
  const label = t("alerts.openTask");
  const button = url.startsWith("https://") ? { text: label, web_app: { url } } : { text: label, url };
  return {
    text,
    replyMarkup: { inline_keyboard: [[button]] },
    liveKey: `task:${p.taskId}`,
    // A pause, a resume, an expiry moves the message there is; it does not start one.
    ...(p.editOnly === true ? { editOnly: true } : {}),
  };
}
