import { LOCALES, type Locale } from "@slotpilot/domain";
import { translator } from "@slotpilot/locales";
import { InlineKeyboard } from "grammy";

export const LANGUAGE_CALLBACK = /^lang:(ru|en)$/;

/** One button per language, each labelled in its own language. */
export function languageKeyboard(): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const locale of LOCALES) keyboard.text(translator(locale)("common.languageName"), `lang:${locale}`);
  return keyboard;
}

/**
 * A button that opens a screen of the Mini App. Telegram accepts `web_app` buttons only for HTTPS
 * URLs, so with a plain-HTTP URL in live mode the button opens it as a link instead.
 */
export function addAppButton(keyboard: InlineKeyboard, text: string, url: string, live: boolean): InlineKeyboard {
  if (!live || url.startsWith("https://")) return keyboard.webApp(text, url);
  return keyboard.url(text, url);
}

/** The main menu: the everyday actions, and the Mini App. */
export function menuKeyboard(t: (key: string) => string, miniAppUrl: string, live: boolean): InlineKeyboard {
  const keyboard = new InlineKeyboard()
    .text(t("bot.menuButtons.new"), "m:new")
    .text(t("bot.menuButtons.tasks"), "m:tasks")
    .row()
    .text(t("bot.menuButtons.slots"), "m:slots")
    .text(t("bot.menuButtons.cabinets"), "m:cabinets")
    .row();
  return addAppButton(keyboard, t("bot.openApp"), miniAppUrl, live);
}

export type { Locale };
