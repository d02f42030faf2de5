import { Composer } from "grammy";
import type { BotContext } from "../context.ts";
import { languageKeyboard } from "../keyboards.ts";

/** `/settings`: the language (quiet hours join it with the seller settings of the sales work). */
export function settingsHandler() {
  const composer = new Composer<BotContext>();
  composer.command("settings", (ctx) =>
    ctx.reply(ctx.t("bot.settings.text", { language: ctx.t("common.languageName") }), {
      reply_markup: languageKeyboard(),
    }),
  );
  return composer;
}
