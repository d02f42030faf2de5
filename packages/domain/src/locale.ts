export const LOCALES = ["ru", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

// Telegram language codes whose speakers read Russian more comfortably than English.
const RUSSIAN_READERS = new Set(["ru", "uk", "be", "kk", "ky", "uz", "tg", "hy", "az"]);

/** The locale to greet a user in before they choose one: their Telegram language when we have it. */
export function localeFromTelegram(languageCode: string | null | undefined): Locale {
  const base = languageCode?.toLowerCase().split("-")[0];
  if (base === "en") return "en";
  return base && RUSSIAN_READERS.has(base) ? "ru" : DEFAULT_LOCALE;
}

/** The locale a user sees: the one they chose, else the one their Telegram language suggests. */
export function effectiveLocale(user: { locale: string | null; language_code: string | null }): Locale {
  return isLocale(user.locale) ? user.locale : localeFromTelegram(user.language_code);
}
