import { Composer } from "grammy";
import type { BotContext } from "../context.ts";

// WB API tokens are JWTs: three base64url parts.
const LOOKS_LIKE_TOKEN = /^[\w-]{10,}\.[\w-]{10,}\.[\w-]{10,}$/;
const LOOKS_LIKE_PHONE = /^\+?[78][\s()-]*\d{3}[\s()-]*\d{3}[\s()-]*\d{2}[\s()-]*\d{2}$/;

/**
 * Whatever the bot did not understand gets a short answer that says what to do: an unknown
 * command, a token pasted outside the connect flow (deleted from the chat at once), a phone, any
 * other text.
 */
export const fallback = new Composer<BotContext>();
fallback.on("message:text", async (ctx) => {
  const text = ctx.message.text.trim();
  const command = /^\/(\w+)/.exec(text)?.[1];
  // `/cancel` stops a flow (the flow takes it); here there is none.
  if (command === "cancel") return ctx.reply(ctx.t("bot.unknown.nothingToCancel"));
  if (command) return ctx.reply(ctx.t("bot.unknown.command", { command }));
  if (LOOKS_LIKE_TOKEN.test(text)) {
    await ctx.deleteMessage().catch(() => undefined);
    return ctx.reply(ctx.t("bot.unknown.token"));
  }
  if (LOOKS_LIKE_PHONE.test(text)) return ctx.reply(ctx.t("bot.unknown.phone"));
  return ctx.reply(ctx.t("bot.unknown.text"));
});
fallback.on("message", (ctx) => ctx.reply(ctx.t("bot.unknown.text")));
fallback.on("callback_query", (ctx) => ctx.answerCallbackQuery({ text: ctx.t("bot.flow.outdated") }));
