import type { SlotAlert } from "@slotpilot/db";
import { boxTypeKey, effectiveLocale, type Locale } from "@slotpilot/domain";
import { boxTypeName, translator } from "@slotpilot/locales";
import type { InlineKeyboardMarkup } from "grammy/types";

/**
 * The part of a `slot.alert` payload (see `enqueueSlotAlert`) a message is made of, and the link to
 * the supply in the WB portal that the notifier adds when it sends it.
 */
export type SlotAlertPayload = Omit<SlotAlert, "organizationId" | "opening"> & { portalUrl?: string };

/** Checks a stored payload: a row may be older than this code, so its shape is not taken on trust. */
export function parseSlotAlertPayload(payload: unknown): SlotAlertPayload | null {
  if (typeof payload !== "object" || payload === null) return null;
  const p = payload as Record<string, unknown>;
  const int = (v: unknown) => typeof v === "number" && Number.isInteger(v);
  if (!int(p.taskId) || !int(p.warehouseId) || !int(p.boxTypeId) || !int(p.coefficient)) return null;
  if (typeof p.warehouseName !== "string" || typeof p.date !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(p.date)) {
    return null;
  }
  return {
    taskId: p.taskId as number,
    warehouseId: p.warehouseId as number,
    warehouseName: p.warehouseName,
    date: p.date,
    boxTypeId: p.boxTypeId as number,
    coefficient: p.coefficient as number,
    ...(typeof p.portalUrl === "string" && /^https?:\/\//.test(p.portalUrl) ? { portalUrl: p.portalUrl } : {}),
  };
}

export interface TelegramMessage {
  text: string;
  replyMarkup?: InlineKeyboardMarkup;
  /** A message that updates itself: later messages with the same key edit it instead of arriving anew. */
  liveKey?: string;
  /** A live status that only changes a message already sent (a deleted task's): none, nothing is sent. */
  editOnly?: boolean;
}

const DATE_LOCALES: Record<Locale, string> = { ru: "ru-RU", en: "en-GB" };

/** The locale a chat reads: its user's choice, else their Telegram language, else the default. */
export function recipientLocale(recipient: { locale: string | null; languageCode: string | null } | null): Locale {
  return effectiveLocale({ locale: recipient?.locale ?? null, language_code: recipient?.languageCode ?? null });
}

/**
 * One slot alert in the reader's language, with a button to the supply in the WB portal (when the
 * notifier knows it) and one that opens the task in the Mini App.
 * Telegram accepts `web_app` buttons only for HTTPS URLs, so a plain-HTTP deployment gets a link.
 */
export function formatSlotAlert(alert: SlotAlertPayload, locale: Locale, publicUrl: string): TelegramMessage {
  const t = translator(locale);
  // WB's dates are calendar days published as midnight UTC: format them in UTC so no zone shifts the day.
  const date = new Intl.DateTimeFormat(DATE_LOCALES[locale], {
    weekday: "short",
    day: "numeric",
    month: "long",
    timeZone: "UTC",
  }).format(new Date(`${alert.date}T00:00:00Z`));
  const text = t("alerts.slotOpened", {
    warehouse: alert.warehouseName,
    date,
    boxType: boxTypeName(t, alert.boxTypeId, boxTypeKey(alert.boxTypeId)),
    coefficient: alert.coefficient === 0 ? t("alerts.free") : t("alerts.paid", { coefficient: alert.coefficient }),
  });
  const url = `${publicUrl.replace(/\/$/, "")}/tasks/${alert.taskId}`;
  const label = t("alerts.openTask");
  const button = url.startsWith("https://") ? { text: label, web_app: { url } } : { text: label, url };
  // The seller books by hand in the WB portal: take them straight to the supply there.
  const portal = alert.portalUrl ? [{ text: t("alerts.openInWb"), url: alert.portalUrl }] : [];
  return { text, replyMarkup: { inline_keyboard: [[...portal, button]] } };
}
