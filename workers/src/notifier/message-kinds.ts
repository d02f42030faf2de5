import type { Locale } from "@slotpilot/domain";
import { translator } from "@slotpilot/locales";
import { billingMessage } from "./billing-messages.ts";
import { bookingResultMessage } from "./booking-result-message.ts";
import { formatSlotAlert, parseSlotAlertPayload, type TelegramMessage } from "./format-alert.ts";
import { formatPortalNotice, parsePortalNoticePayload } from "./format-portal.ts";
import { salesEventMessage, urgentAlertMessage } from "./sales-messages.ts";
import { supportMessage, supportReply } from "./support-messages.ts";
import { taskStatusMessage } from "./task-status-message.ts";

/**
 * Words one outbox row for its reader, or null when its payload cannot be read (a row may be older
 * than the code reading it: its shape is checked, never trusted).
 */
export type ComposeMessage = (payload: unknown, locale: Locale, publicUrl: string) => TelegramMessage | null;

function newSeller(payload: unknown, locale: Locale): TelegramMessage | null {
  const p = payload as { name?: unknown; telegramId?: unknown } | null;
  if (typeof p?.name !== "string" || typeof p.telegramId !== "number") return null;
  return { text: translator(locale)("admin.newSeller", { name: p.name, telegramId: p.telegramId }) };
}

/** Every kind of message the notifier can send. A kind added by newer code waits for a notifier that knows it. */
export const MESSAGE_KINDS: Readonly<Record<string, ComposeMessage>> = {
  "slot.alert": (payload, locale, publicUrl) => {
    const alert = parseSlotAlertPayload(payload);
    return alert && formatSlotAlert(alert, locale, publicUrl);
  },
  "admin.new_seller": newSeller,
  "support.message": supportMessage,
  "support.reply": supportReply,
  "task.status": taskStatusMessage,
  "booking.result": bookingResultMessage,
  "sales.event": salesEventMessage,
  "urgent.alert": urgentAlertMessage,
  "billing.notice": billingMessage,
  "portal.session_lost": (payload, locale, publicUrl) => {
    const notice = parsePortalNoticePayload(payload);
    return notice && formatPortalNotice(notice, locale, publicUrl);
  },
};

/**
 * Kinds that can wait for the end of the recipient's quiet hours (their settings, Moscow time).
 * Slot alerts, booking status and sales events are urgent: a slot is gone in seconds.
 */
export const NON_URGENT_KINDS: ReadonlySet<string> = new Set(["support.message", "support.reply", "admin.new_seller"]);
