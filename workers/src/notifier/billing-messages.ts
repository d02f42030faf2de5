import { effectiveLocale, formatAmount, isPackId, isPlanId, type Locale, moscowDay } from "@slotpilot/domain";
import { translator } from "@slotpilot/locales";
import type { TelegramMessage } from "./format-alert.ts";

type Payload = Record<string, unknown>;

const str = (v: unknown): v is string => typeof v === "string";
const int = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v);

/** The Plan screen of the Mini App: where every plan message leads (a link over plain HTTP). */
function planButton(label: string, publicUrl: string) {
  const url = `${publicUrl.replace(/\/$/, "")}/plan`;
  const button = url.startsWith("https://") ? { text: label, web_app: { url } } : { text: label, url };
  return { inline_keyboard: [[button]] };
}

/**
 * Words a `billing.notice` (see `enqueueBillingNotice`): the trial's or a plan's end with the way
 * back, a granted plan, the 80% warning, a receipt, a replaced subscription's renewal, a replaced
 * card subscription cancelled, a refund.
 * The payload is checked, never trusted: a row may be older than this code.
 */
export function billingMessage(payload: unknown, locale: Locale, publicUrl: string): TelegramMessage | null {
  if (typeof payload !== "object" || payload === null) return null;
  const p = payload as Payload;
  const t = translator(effectiveLocale({ locale, language_code: null }));
  const product = (id: unknown) =>
    isPlanId(id) ? t(`billing.plans.${id}`) : isPackId(id) ? t(`billing.packs.${id}`) : null;
  const open = planButton(t("billing.notices.openPlan"), publicUrl);
  switch (p.notice) {
    case "trial_ended":
      if (!int(p.pausedTasks)) return null;
      return { text: t("billing.notices.trialEnded", { count: p.pausedTasks }), replyMarkup: open };
    case "plan_ended": {
      const plan = product(p.plan);
      if (!plan || !int(p.pausedTasks)) return null;
      return { text: t("billing.notices.planEnded", { plan, count: p.pausedTasks }), replyMarkup: open };
    }
    case "plan_granted": {
      const plan = product(p.plan);
      if (!plan || !str(p.periodEnd) || !int(p.resumedTasks)) return null;
      return {
        text: t("billing.notices.planGranted", { plan, until: moscowDay(p.periodEnd, locale), count: p.resumedTasks }),
      };
    }
    case "usage_warning": {
      const plan = product(p.plan);
      if (!plan || !int(p.used) || !int(p.limit)) return null;
      // A small plan (the trial's 3) reaches 80% only at its last booking: then it is all used, not near.
      const key = p.used >= p.limit ? "billing.notices.usageAllUsed" : "billing.notices.usageWarning";
      return { text: t(key, { plan, used: p.used, limit: p.limit }), replyMarkup: open };
    }
    case "receipt": {
      const item = product(p.product);
      if (!item || !int(p.amount) || !str(p.currency) || !str(p.chargeId)) return null;
      const amount = formatAmount(p.amount, p.currency, locale);
      const lines = [t("billing.notices.receipt", { item, amount, chargeId: p.chargeId })];
      if (str(p.periodEnd)) lines.push(t("billing.notices.receiptUntil", { until: moscowDay(p.periodEnd, locale) }));
      const replaced = product(p.replaces);
      if (replaced) lines.push(t("billing.notices.receiptReplaces", { plan: replaced, item }));
      return { text: lines.join("\n") };
    }
    case "replaced_renewal": {
      const item = product(p.product);
      const current = product(p.current);
      if (!item || !current || !int(p.amount) || !str(p.currency) || !str(p.chargeId)) return null;
      const amount = formatAmount(p.amount, p.currency, locale);
      // Rows from before `provider` existed were all Telegram's.
      const key = p.provider === "paddle" ? "billing.notices.replacedRenewalCard" : "billing.notices.replacedRenewal";
      return { text: t(key, { item, current, amount, chargeId: p.chargeId }), replyMarkup: open };
    }
    case "card_cancelled": {
      const plan = product(p.plan);
      if (!plan) return null;
      return { text: t("billing.notices.cardCancelled", { plan }) };
    }
    case "refunded": {
      const item = product(p.product);
      if (!item || !int(p.amount) || !str(p.currency)) return null;
      const amount = formatAmount(p.amount, p.currency, locale);
      return { text: t("billing.notices.refunded", { item, amount }), replyMarkup: open };
    }
    default:
      return null;
  }
}
