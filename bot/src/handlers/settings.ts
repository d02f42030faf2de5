import { Composer, InlineKeyboard } from "grammy";
import { unwrap } from "../api-call.ts";
import type { BotContext } from "../context.ts";
import { switchLanguage } from "./switch-language.ts";

/** Quiet-hours choices offered as buttons (Moscow time); any other window is set in the Mini App. */
const PRESETS = [
  { start: "22:00", end: "08:00" },
  { start: "23:00", end: "07:00" },
  { start: "00:00", end: "09:00" },
] as const;

async function render(ctx: BotContext) {
  const { t } = ctx;
  const { settings } = await unwrap(await ctx.backend.me.settings.$get());
  const quiet = settings.quietHours
    ? t("bot.settings.quietOn", { start: settings.quietHours.start, end: settings.quietHours.end })
    : t("bot.settings.quietOff");
  // Its own language buttons: the settings stay on screen, redrawn in the language chosen.
  const keyboard = new InlineKeyboard().text("Русский", "set:lang:ru").text("English", "set:lang:en").row();
  for (const p of PRESETS) keyboard.text(`🌙 ${p.start}–${p.end}`, `qh:${p.start}-${p.end}`);
  keyboard.row().text(t("bot.settings.quietNone"), "qh:off");
  const text = t("bot.settings.text", { language: t("common.languageName"), quiet });
  if (ctx.callbackQuery?.message) await ctx.editMessageText(text, { reply_markup: keyboard }).catch(() => undefined);
  else await ctx.reply(text, { reply_markup: keyboard });
}

/**
 * `/settings`: the language, and quiet hours — messages that can wait (support answers, notices)
 * are held until they end; slot alerts and booking status never wait.
 */
export function settingsHandler() {
  const composer = new Composer<BotContext>();
  composer.command("settings", (ctx) => render(ctx));
  composer.callbackQuery(/^set:lang:(ru|en)$/, async (ctx) => {
    const locale = ctx.match[1] === "ru" ? "ru" : "en";
    await switchLanguage(ctx, locale);
    await ctx.answerCallbackQuery({ text: ctx.t("bot.languageSaved") });
    return render(ctx);
  });
  composer.callbackQuery(/^qh:(off|(\d\d:\d\d)-(\d\d:\d\d))$/, async (ctx) => {
    const quietHours = ctx.match[1] === "off" ? null : { start: String(ctx.match[2]), end: String(ctx.match[3]) };
    await unwrap(await ctx.backend.me.settings.$patch({ json: { quietHours } }));
    await ctx.answerCallbackQuery({ text: ctx.t("bot.settings.saved") });
    return render(ctx);
  });
  return composer;
}
