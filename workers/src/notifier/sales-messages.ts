import type { Locale } from "@slotpilot/domain";
import { translator } from "@slotpilot/locales";
import type { TelegramMessage } from "./format-alert.ts";

/** `{ [field]: "name", params: {…} }` with a safe name (it becomes part of a locale key). */
function keyed(payload: unknown, field: string): { key: string; params: Record<string, unknown> } | null {
  if (typeof payload !== "object" || payload === null) return null;
  const p = payload as Record<string, unknown>;
  const key = p[field];
  if (typeof key !== "string" || !/^[a-z_]{1,64}$/.test(key)) return null;
  const params = typeof p.params === "object" && p.params !== null ? (p.params as Record<string, unknown>) : {};
  return { key, params };
}

/** `sales.event`: what admins are told about the sales engine (`sales.events.<event>`). */
export function salesEventMessage(payload: unknown, locale: Locale): TelegramMessage | null {
  const p = keyed(payload, "event");
  return p ? { text: translator(locale)(`sales.events.${p.key}`, p.params) } : null;
}

/** Where an urgent alert's button leads: the screen that resolves it. */
function urgentScreen(kind: string, params: Record<string, unknown>): string {
  if (kind === "plan_limit") return "/plan";
  if (kind === "booking_failed" && typeof params.taskId === "number") return `/tasks/${params.taskId}`;
  return "/";
}

/**
 * `urgent.alert`: the seller's message for an urgent alert (`urgent.<kind>`), after a ring or alone,
 * with a button to the screen that resolves it (each message says to open Slotpilot).
 */
export function urgentAlertMessage(payload: unknown, locale: Locale, publicUrl = ""): TelegramMessage | null {
  const p = keyed(payload, "kind");
  if (!p) return null;
  const t = translator(locale);
  const text = t(`urgent.${p.key}`, p.params);
  if (!publicUrl) return { text };
  const url = `${publicUrl.replace(/\/$/, "")}${urgentScreen(p.key, p.params)}`;
  const label = t("bot.openApp");
  const button = url.startsWith("https://") ? { text: label, web_app: { url } } : { text: label, url };
  return { text, replyMarkup: { inline_keyboard: [[button]] } };
}
