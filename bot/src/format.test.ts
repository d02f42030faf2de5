import { translator } from "@slotpilot/locales";
import { describe, expect, it } from "vitest";
import { draftLabel } from "./format.ts";

describe("a draft's button", () => {
  const draft = {
    draftId: "ca7921d7-9aae-4471-9aae-ac11b15d80a4",
    createdAt: "2026-11-28T09:12:00Z",
    goodQuantity: 12,
  };

  it("names when it was made and its goods, then the start of its id", () => {
    expect(draftLabel(translator("en"), "en", draft)).toBe("Draft of 28 Nov · 12 items · ca7921d7…");
    expect(draftLabel(translator("ru"), "ru", draft)).toBe("Черновик от 28 нояб. · 12 товаров · ca7921d7…");
    expect(draftLabel(translator("ru"), "ru", { ...draft, goodQuantity: 3 })).toBe(
      "Черновик от 28 нояб. · 3 товара · ca7921d7…",
    );
  });

  it("leaves out what the portal did not say", () => {
    expect(draftLabel(translator("en"), "en", { ...draft, createdAt: null, goodQuantity: null })).toBe(
      "Draft · ca7921d7…",
    );
    expect(draftLabel(translator("en"), "en", { ...draft, goodQuantity: 1 })).toBe(
      "Draft of 28 Nov · 1 item · ca7921d7…",
    );
  });
});
