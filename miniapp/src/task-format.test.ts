import { describe, expect, it } from "vitest";
import { fixedT } from "./i18n-testing.ts";
import { formatMoment } from "./task-format.ts";

describe("a moment in the Mini App", () => {
  it("is on Moscow's clock, as the bot shows it, marked MSK / МСК", () => {
    // 05:18 UTC: 08:18 in Moscow, whatever zone the device is in.
    expect(formatMoment("2026-12-01T05:18:00Z", fixedT("en"), "en")).toBe("1 Dec, 08:18 MSK");
    expect(formatMoment("2026-12-01T05:18:00Z", fixedT("ru"), "ru")).toBe("1 дек., 08:18 МСК");
  });
});
