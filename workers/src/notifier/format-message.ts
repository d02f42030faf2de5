import type { ClaimedNotification } from "@slotpilot/db";
import { translator } from "@slotpilot/locales";
import type { InlineKeyboardMarkup } from "grammy/types";
import { formatSlotAlert, parseSlotAlertPayload, recipientLocale } from "./format-alert.ts";

export interface OutboxMessage {
  text: string;
  replyMarkup?: InlineKeyboardMarkup;
}

/** Every outbox kind the notifier can word. A kind added by newer code waits for a notifier that knows it. */
export const OUTBOX_KINDS = ["slot.alert", "sales.event", "urgent.alert"] as const;

/** The message for an outbox row in its reader's language, or null when the payload is unreadable. */
export function formatOutboxMessage(row: ClaimedNotification, publicUrl: string): OutboxMessage | null {
  const locale = recipientLocale(row.recipient);
  switch (row.kind) {
    case "slot.alert": {
      const alert = parseSlotAlertPayload(row.payload);
      return alert ? formatSlotAlert(alert, locale, publicUrl) : null;
    }
    case "sales.event": {
      const p = keyed(row.payload, "event");
      return p ? { text: translator(locale)(`sales.events.${p.key}`, p.params) } : null;
    }
    case "urgent.alert": {
      const p = keyed(row.payload, "kind");
      return p ? { text: translator(locale)(`urgent.${p.key}`, p.params) } : null;
    }
    default:
      return null;
  }
}

/** `{ [field]: "name", params: {…} }` with a safe name (it becomes part of a locale key). */
function keyed(payload: unknown, field: string): { key: string; params: Record<string, unknown> } | null {
  if (typeof payload !== "object" || payload === null) return null;
  const p = payload as Record<string, unknown>;
  const key = p[field];
  if (typeof key !== "string" || !/^[a-z_]{1,64}$/.test(key)) return null;
  const params = typeof p.params === "object" && p.params !== null ? (p.params as Record<string, unknown>) : {};
  return { key, params };
}
