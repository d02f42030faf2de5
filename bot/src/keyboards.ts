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
 * The main menu: a button that opens the Mini App. Telegram accepts `web_app` buttons only for
 * HTTPS URLs, so with a plain-HTTP URL in live mode the button opens it as a link instead.
 */
export function menuKeyboard(t: (key: string) => string, miniAppUrl: string, live: boolean): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  if (!live || miniAppUrl.startsWith("https://")) return keyboard.webApp(t("bot.openApp"), miniAppUrl);
  return keyboard.url(t("bot.openApp"), miniAppUrl);
}

export type { Locale };
