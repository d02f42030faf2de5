import { describe, expect, it } from "vitest";
import { fixedT } from "./i18n-testing.ts";
import { bookedSummary, draftDetails, draftName, formatMoment, monthName, supplyName } from "./task-format.ts";

describe("a moment in the Mini App", () => {
  it("is on Moscow's clock, as the bot shows it, marked MSK / МСК", () => {
    // 05:18 UTC: 08:18 in Moscow, whatever zone the device is in.
    expect(formatMoment("2026-12-01T05:18:00Z", fixedT("en"), "en")).toBe("1 Dec, 08:18 MSK");
    expect(formatMoment("2026-12-01T05:18:00Z", fixedT("ru"), "ru")).toBe("1 дек., 08:18 МСК");
  });
});

describe("a draft in the supply picker", () => {
  it("is named by the day it was made, never by its hash, with how many goods it holds", () => {
    const draft = { draftId: "129c07a8-5b1e-4c1f", createdAt: "2026-12-02T09:12:00Z", goodQuantity: 12 };
    expect(draftName(draft, fixedT("ru"), "ru")).toBe("Черновик от 2 дек.");
    expect(draftName(draft, fixedT("en"), "en")).toBe("Draft of Dec 2");
    expect(draftName({ createdAt: null }, fixedT("ru"), "ru")).toBe("Черновик");
    expect(draftDetails(draft, fixedT("en"))).toBe("12 items");
    expect(draftDetails({ goodQuantity: 3 }, fixedT("ru"))).toBe("3 товара");
    expect(draftDetails({ goodQuantity: null }, fixedT("ru"))).toBe("");
  });

  it("a task's supply: a preorder by its number, a draft by the start of its id", () => {
    expect(supplyName({ kind: "preorder", preorderId: 30000002 }, fixedT("ru"))).toBe("Заказ №30000002");
    expect(supplyName({ kind: "draft", draftId: "129c07a8-5b1e", warehouseIds: [507] }, fixedT("en"))).toBe(
      "Draft · 129c07a8…",
    );
  });
});

describe("a month of days to skip", () => {
  it("is labelled by its name, with the year only when it is not this one", () => {
    const year = new Date().getFullYear();
    expect(monthName(`${year}-11`, "ru")).toBe("Ноябрь");
    expect(monthName(`${year}-01`, "en")).toBe("January");
    expect(monthName(`${year + 1}-01`, "en")).toBe(`January ${year + 1}`);
  });
});

describe("a booked task's screen", () => {
  const planned = { warehouseId: 120762, date: "2026-12-05", coefficient: 0 };
  const names = (id: number) => (id === 120762 ? "Электросталь" : `#${id}`);
  const confirmed = { status: "confirmed", warehouseId: 120762, date: "2026-12-05", acceptanceCost: 0 };

  it("says first where and when the supply is booked, at what coefficient and cost", () => {
    expect(bookedSummary({ planned }, [confirmed], names, fixedT("ru"), "ru")).toBe(
      "Забронировано: Электросталь, 5 декабря, ×0 (бесплатно), 0 ₽",
    );
    expect(
      bookedSummary(
        { planned: { ...planned, coefficient: 2 } },
        [{ ...confirmed, acceptanceCost: 12500 }],
        () => "Elektrostal",
        fixedT("en"),
        "en",
      ),
    ).toBe("Booked: Elektrostal, December 5, ×2, 12,500 ₽");
  });

  it("leaves out a cost WB did not tell, and says nothing while nothing is booked", () => {
    expect(bookedSummary({ planned }, [], names, fixedT("ru"), "ru")).toBe(
      "Забронировано: Электросталь, 5 декабря, ×0 (бесплатно)",
    );
    expect(bookedSummary({ planned: null }, [confirmed], names, fixedT("ru"), "ru")).toBeNull();
  });
});
