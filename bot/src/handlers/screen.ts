import type { InlineKeyboard } from "grammy";
import type { BotContext } from "../context.ts";

/**
 * Shows a screen of the chat (a list, a card): in place of the message whose button was pressed,
 * or as a new message after a command.
 */
export async function showScreen(ctx: BotContext, text: string, keyboard: InlineKeyboard): Promise<void> {
  if (ctx.callbackQuery?.message) {
    await ctx.editMessageText(text, { reply_markup: keyboard }).catch(() => undefined);
    await ctx.answerCallbackQuery().catch(() => undefined);
  } else await ctx.reply(text, { reply_markup: keyboard });
}
