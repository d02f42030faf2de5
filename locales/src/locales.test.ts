import { TASK_REASON_CODES } from "@slotpilot/domain";
import { describe, expect, it } from "vitest";
import { keysOf, pluralBase, resources, translator } from "./index.ts";

const categories = (locale: string) => new Intl.PluralRules(locale).resolvedOptions().pluralCategories;

describe("locales", () => {
  it("ru and en have the same keys (a counted word has each language's own plural forms)", () => {
    const enKeys = keysOf(resources.en);
    const ruKeys = keysOf(resources.ru);
    const en = [...new Set(enKeys.map((k) => pluralBase(k, enKeys)))].sort();
    const ru = [...new Set(ruKeys.map((k) => pluralBase(k, ruKeys)))].sort();
    expect(ru.filter((k) => !en.includes(k))).toEqual([]);
    expect(en.filter((k) => !ru.includes(k))).toEqual([]);
  });

  it("a counted word has every plural form its language needs (ru: one, few, many, other)", () => {
    for (const [locale, tree] of Object.entries(resources)) {
      const keys = keysOf(tree);
      const counted = [...new Set(keys.filter((k) => pluralBase(k, keys) !== k).map((k) => pluralBase(k, keys)))];
      for (const base of counted) {
        for (const form of categories(locale)) expect(keys, `${locale}:${base}_${form}`).toContain(`${base}_${form}`);
      }
    }
  });

  it("counts in Russian with one / few / many", () => {
    const t = translator("ru");
    expect([1, 3, 5, 21, 22, 25].map((count) => t("common.counts.tasks", { count }))).toEqual([
      "1 задача",
      "3 задачи",
      "5 задач",
      "21 задача",
      "22 задачи",
      "25 задач",
    ]);
    expect(translator("en")("common.counts.tasks", { count: 1 })).toBe("1 task");
    expect(translator("en")("common.counts.tasks", { count: 2 })).toBe("2 tasks");
  });

  it("no message is empty", () => {
    for (const [locale, tree] of Object.entries(resources)) {
      const t = translator(locale as "en" | "ru");
      for (const key of keysOf(tree)) expect(t(key).trim(), `${locale}:${key}`).not.toBe("");
    }
  });

  it("interpolates parameters", () => {
    expect(translator("ru")("miniapp.home.greeting", { name: "Анна" })).toBe("Здравствуйте, Анна!");
  });

  it("falls back to English for a key a locale lacks", () => {
    expect(translator("ru")("no.such.key")).toBe("no.such.key");
    expect(translator("en")("errors.internal")).toMatch(/went wrong/);
  });
});

describe("task reasons", () => {
  it("every code a task's status reason may hold is worded in both languages", () => {
    for (const locale of ["en", "ru"] as const) {
      const t = translator(locale);
      for (const code of TASK_REASON_CODES) {
        const key = `common.taskReasons.${code}`;
        expect(t(key), `${locale}:${key}`).not.toBe(key);
      }
    }
    expect(translator("ru")("common.taskReasons.trial_over")).toBe(
      "пробный период закончился: выберите тариф, чтобы продолжить",
    );
  });
});
