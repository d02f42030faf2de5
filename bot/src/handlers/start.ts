import { translator } from "@slotpilot/locales";
import { Composer } from "grammy";
import { unwrap } from "../api-call.ts";
import type { BotContext } from "../context.ts";
import { LANGUAGE_CALLBACK, languageKeyboard, menuKeyboard } from "../keyboards.ts";

export interface MenuOptions {
  miniAppUrl: string;
  live: boolean;
}

/**
 * `/start`: a newcomer is greeted in their Telegram language and asked to choose one; a returning
 * user goes straight to the menu. `/language` asks again. Choosing stores the language through the
 * API and shows the menu in it.
 */
export function startHandlers(options: MenuOptions) {
  const composer = new Composer<BotContext>();
  const showMenu = (ctx: BotContext) =>
    ctx.reply(ctx.t("bot.menu"), { reply_markup: menuKeyboard(ctx.t, options.miniAppUrl, options.live) });

  composer.command("start", async (ctx) => {
    if (ctx.seller.user.localeChosen) return showMenu(ctx);
    return ctx.reply(ctx.t("bot.welcome", { name: ctx.seller.user.firstName }), { reply_markup: languageKeyboard() });
  });

  composer.command("language", (ctx) => ctx.reply(ctx.t("bot.languagePrompt"), { reply_markup: languageKeyboard() }));

  composer.callbackQuery(LANGUAGE_CALLBACK, async (ctx) => {
    const locale = ctx.match[1] === "ru" ? "ru" : "en";
    const seller = await unwrap(await ctx.backend.me.$patch({ json: { locale } }));
    ctx.seller = seller;
    ctx.locale = seller.locale;
    ctx.t = translator(seller.locale);
    await ctx.answerCallbackQuery({ text: ctx.t("bot.languageSaved") });
    // The language buttons have done their job; leave the message without them.
    await ctx.editMessageReplyMarkup().catch(() => {});
    return showMenu(ctx);
  });

  composer.command("help", (ctx) => ctx.reply(ctx.t("bot.help")));
  return composer;
}
