import { describe, expect, it } from "vitest";
import { fixedT } from "./i18n-testing.ts";
import { planTerms, replanHint } from "./plan-format.ts";

describe("a plan's terms on the plan screen", () => {
  it("counts bookings and cabinets with each language's plural forms", () => {
    const en = fixedT("en");
    expect(planTerms({ monthlyBookings: 5, maxCabinets: 1 }, en)).toBe("5 bookings, 1 cabinet");
    expect(planTerms({ monthlyBookings: 25, maxCabinets: 3 }, en)).toBe("25 bookings, 3 cabinets");
    const ru = fixedT("ru");
    expect(planTerms({ monthlyBookings: 5, maxCabinets: 1 }, ru)).toBe("5 бронирований, 1 кабинет");
    expect(planTerms({ monthlyBookings: 3, maxCabinets: 2 }, ru)).toBe("3 бронирования, 2 кабинета");
    expect(planTerms({ monthlyBookings: 100, maxCabinets: 10 }, ru)).toBe("100 бронирований, 10 кабинетов");
  });
});

describe("the re-plan switch's hint", () => {
  it("names the plan that re-plans as the plan screen does", () => {
    expect(replanHint(fixedT("en"))).toMatch(/On Pro · 25 and up\.$/);
    expect(replanHint(fixedT("ru"))).toMatch(/На тарифах от Про · 25 и выше\.$/);
  });
});
