import { createInstance, type TFunction, type TOptions } from "i18next";
import en from "../en.json" with { type: "json" };
import ru from "../ru.json" with { type: "json" };

export const resources = { en, ru } as const;
export type Locale = keyof typeof resources;
export type Translate = (key: string, params?: TOptions) => string;

/**
 * One i18next instance for the whole process, initialised synchronously from the bundled JSON.
 * Missing keys fall back to English.
 */
const i18n = createInstance();
void i18n.init({
  resources: { en: { translation: en }, ru: { translation: ru } },
  lng: "en",
  fallbackLng: "en",
  supportedLngs: ["en", "ru"],
  initAsync: false,
  interpolation: { escapeValue: false },
  returnNull: false,
});

/** A translator bound to one locale. */
export function translator(locale: Locale): Translate {
  const t: TFunction = i18n.getFixedT(locale);
  return (key, params) => String(t(key, params ?? {}));
}

/** Every leaf key of a resource tree, dotted (`bot.commands.help`). */
export function keysOf(tree: unknown, prefix = ""): string[] {
  if (typeof tree !== "object" || tree === null) return [prefix];
  return Object.entries(tree).flatMap(([k, v]) => keysOf(v, prefix ? `${prefix}.${k}` : k));
}

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

/**
 * A key without i18next's plural suffix (`common.counts.tasks_few` → `common.counts.tasks`), for a
 * counted word: one whose `_one` form exists among `keys`. (`errors.x.taken_over_by_other` is an
 * ordinary key that only ends like a plural form.)
 */
export function pluralBase(key: string, keys: readonly string[]): string {
  const base = key.replace(PLURAL_SUFFIX, "");
  return base !== key && keys.includes(`${base}_one`) ? base : key;
}

/** True when the locale has `key`, as a message or as a counted word's plural forms. */
export function hasKey(locale: Locale, key: string): boolean {
  const keys = keysOf(resources[locale]);
  return keys.includes(key) || keys.includes(`${key}_one`) || keys.some((k) => k.startsWith(`${key}.`));
}

/** A box type's name in the reader's language (`common.boxTypes`). */
export function boxTypeName(t: Translate, id: number, key: string | undefined): string {
  return key ? t(`common.boxTypes.${key}`) : t("common.boxTypes.unknown", { id });
}
