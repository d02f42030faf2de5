import { describe, expect, it } from "vitest";
import { keysOf, resources, translator } from "./index.ts";

describe("locales", () => {
  it("ru and en have exactly the same keys", () => {
    const en = keysOf(resources.en).sort();
    const ru = keysOf(resources.ru).sort();
    expect(ru.filter((k) => !en.includes(k))).toEqual([]);
    expect(en.filter((k) => !ru.includes(k))).toEqual([]);
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
