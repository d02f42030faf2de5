import type { Locale } from "@slotpilot/domain";
import { translator } from "@slotpilot/locales";
import type { TelegramMessage } from "./format-alert.ts";

/** A seller's message to the team, as an admin reads it, with a button that starts the answer. */
export function supportMessage(payload: unknown, locale: Locale): TelegramMessage | null {
  const p = payload as Record<string, unknown> | null;
  if (typeof p?.telegramId !== "number" || typeof p.text !== "string" || typeof p.name !== "string") return null;
  const t = translator(locale);
  const who = typeof p.username === "string" && p.username ? `${p.name} (@${p.username})` : p.name;
  return {
    text: t("support.toAdmin", {
      who,
      telegramId: p.telegramId,
      organization: typeof p.organization === "string" ? p.organization : "—",
      text: p.text,
    }),
    replyMarkup: {
      inline_keyboard: [[{ text: t("support.replyButton"), callback_data: `sup:reply:${p.telegramId}` }]],
    },
  };
}

/** The team's answer, as the seller reads it in the bot's chat. */
export function supportReply(payload: unknown, locale: Locale): TelegramMessage | null {
  const p = payload as Record<string, unknown> | null;
  if (typeof p?.text !== "string") return null;
  return { text: translator(locale)("support.toSeller", { text: p.text }) };
}
