import { describe, expect, it } from "vitest";
import { effectiveLocale, localeFromTelegram } from "./locale.ts";

describe("locale", () => {
  it("greets Russian readers in Russian and everyone else in English", () => {
    expect(localeFromTelegram("ru")).toBe("ru");
    expect(localeFromTelegram("uk")).toBe("ru");
    expect(localeFromTelegram("en-US")).toBe("en");
    expect(localeFromTelegram("de")).toBe("en");
    expect(localeFromTelegram(undefined)).toBe("en");
  });

  it("prefers the language the user chose over their Telegram language", () => {
    expect(effectiveLocale({ locale: "en", language_code: "ru" })).toBe("en");
    expect(effectiveLocale({ locale: null, language_code: "ru" })).toBe("ru");
  });
});
