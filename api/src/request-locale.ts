import { DEFAULT_LOCALE, type Locale, localeFromTelegram } from "@slotpilot/domain";

/** Before we know the user, answer in the first language their client asks for that we speak. */
export function localeFromAcceptLanguage(header: string | undefined): Locale {
  const first = header?.split(",")[0]?.trim();
  return first ? localeFromTelegram(first) : DEFAULT_LOCALE;
}
