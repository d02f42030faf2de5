import { Composer } from "grammy";
import type { BotContext } from "../context.ts";

/** Anything the bot does not understand gets the menu text, so the user always knows what to do next. */
export const fallback = new Composer<BotContext>();
fallback.on("message", (ctx) => ctx.reply(ctx.t("bot.menu")));
fallback.on("callback_query", (ctx) => ctx.answerCallbackQuery());
