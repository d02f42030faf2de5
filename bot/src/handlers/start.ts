import { Composer } from "grammy";
import { unwrap } from "../api-call.ts";
import type { BotContext } from "../context.ts";
import { LANGUAGE_CALLBACK, languageKeyboard, menuKeyboard } from "../keyboards.ts";
import { ADMIN_COMMANDS } from "./command-lists.ts";
import { switchLanguage } from "./switch-language.ts";

export const showMenu = (ctx: BotContext) =>
  ctx.reply(ctx.t("bot.menu"), { reply_markup: menuKeyboard(ctx.t, ctx.miniApp.url, ctx.miniApp.live) });

/**
 * A seller the bot has seen through before: they chose a language, or set up a cabinet already
 * (in the Mini App, say, where the language follows Telegram's until they pick one).
 */
async function isReturning(ctx: BotContext): Promise<boolean> {
  if (ctx.seller.user.localeChosen) return true;
  const { cabinets } = await unwrap(await ctx.backend.cabinets.$get());
  return cabinets.length > 0;
}

/**
 * `/start`: a new seller is walked through language → what Slotpilot does → a cabinet → the first
 * task; a returning one gets the menu straight away. `/language` asks the language again, `/new`
 * creates a task, `/help` explains (admins also see their commands).
 */
export function startHandlers() {
  const composer = new Composer<BotContext>();

  composer.command("start", async (ctx) => {
    if (await isReturning(ctx)) return showMenu(ctx);
    await ctx.conversation.exitAll();
    return ctx.conversation.enter("onboarding");
  });

  composer.command("new", async (ctx) => {
    await ctx.conversation.exitAll();
    return ctx.conversation.enter("newTask");
  });
  composer.callbackQuery("m:new", async (ctx) => {
    await ctx.answerCallbackQuery();
    await ctx.conversation.exitAll();
    return ctx.conversation.enter("newTask");
  });

  composer.command("language", (ctx) => ctx.reply(ctx.t("bot.languagePrompt"), { reply_markup: languageKeyboard() }));

  composer.callbackQuery(LANGUAGE_CALLBACK, async (ctx) => {
    const locale = ctx.match[1] === "ru" ? "ru" : "en";
    await switchLanguage(ctx, locale);
    await ctx.answerCallbackQuery({ text: ctx.t("bot.languageSaved") });
    // The language buttons have done their job; leave the message without them.
    await ctx.editMessageReplyMarkup().catch(() => {});
    return showMenu(ctx);
  });

  composer.command("help", (ctx) => {
    const lines = [ctx.t("bot.help")];
    if (ctx.seller.user.role === "admin") {
      lines.push("", ctx.t("bot.helpAdmin"), ...ADMIN_COMMANDS.map((c) => `/${c.command} — ${ctx.t(c.description)}`));
    }
    return ctx.reply(lines.join("\n"));
  });
  return composer;
}
