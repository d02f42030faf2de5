import en from "@slotpilot/locales/en.json";
import ru from "@slotpilot/locales/ru.json";
import { createInstance, type TFunction } from "i18next";
import type { Locale } from "./i18n.ts";

/** For unit tests: the app's messages in one language, as `useTranslation`'s `t` gives them (no DOM needed). */
export function fixedT(locale: Locale): TFunction {
  const i18n = createInstance();
  void i18n.init({
    resources: { en: { translation: en }, ru: { translation: ru } },
    lng: locale,
    fallbackLng: "en",
    initAsync: false,
    interpolation: { escapeValue: false },
  });
  return i18n.t;
}
