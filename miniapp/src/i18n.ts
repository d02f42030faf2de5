import en from "@slotpilot/locales/en.json";
import ru from "@slotpilot/locales/ru.json";
import i18next from "i18next";
import { initReactI18next } from "react-i18next";

export const LOCALES = ["en", "ru"] as const;
export type Locale = (typeof LOCALES)[number];

// Same rule as the API's `localeFromTelegram`, only used until `/api/me` says which locale the
// user has; keeps the first screen from flashing in the wrong language.
const RUSSIAN_READERS = new Set(["ru", "uk", "be", "kk", "ky", "uz", "tg", "hy", "az"]);

export function guessLocale(languageTag: string | undefined): Locale {
  const base = languageTag?.toLowerCase().split("-")[0];
  return base && RUSSIAN_READERS.has(base) ? "ru" : "en";
}

export function setupI18n(locale: Locale) {
  document.documentElement.lang = locale;
  void i18next.use(initReactI18next).init({
    resources: { en: { translation: en }, ru: { translation: ru } },
    lng: locale,
    fallbackLng: "en",
    supportedLngs: LOCALES,
    // Resources are bundled, so initialisation is synchronous and the first render is translated.
    initAsync: false,
    interpolation: { escapeValue: false },
  });
  return i18next;
}

/** Switches the UI language; every `useTranslation` re-renders. */
export async function applyLocale(locale: Locale) {
  document.documentElement.lang = locale;
  await i18next.changeLanguage(locale);
}

/** A language's own name ("Русский"), whatever the UI language is. */
export function languageName(locale: Locale): string {
  return i18next.getFixedT(locale)("common.languageName");
}
