import { describe, expect, it } from "vitest";
import { fixedT } from "./i18n-testing.ts";
import { draftDetails, formatMoment } from "./task-format.ts";

describe("a moment in the Mini App", () => {
  it("is on Moscow's clock, as the bot shows it, marked MSK / МСК", () => {
    // 05:18 UTC: 08:18 in Moscow, whatever zone the device is in.
    expect(formatMoment("2026-12-01T05:18:00Z", fixedT("en"), "en")).toBe("1 Dec, 08:18 MSK");
    expect(formatMoment("2026-12-01T05:18:00Z", fixedT("ru"), "ru")).toBe("1 дек., 08:18 МСК");
  });
});

describe("a draft in the supply picker", () => {
  it("says when it was made and how many goods it holds, as the portal lists drafts", () => {
    const draft = { createdAt: "2026-11-28T09:12:00Z", goodQuantity: 12 };
    expect(draftDetails(draft, fixedT("en"), "en")).toBe("made Nov 28 · 12 items");
    expect(draftDetails({ ...draft, goodQuantity: 1 }, fixedT("en"), "en")).toBe("made Nov 28 · 1 item");
    expect(draftDetails({ ...draft, goodQuantity: 3 }, fixedT("ru"), "ru")).toBe("создан 28 нояб. · 3 товара");
    expect(draftDetails({ createdAt: null, goodQuantity: null }, fixedT("ru"), "ru")).toBe("");
  });
});
