import { upgradeFor } from "@slotpilot/domain/billing/catalogue";
import type { TFunction } from "i18next";

/** What a plan gives, counted in the reader's language: "25 bookings, 3 cabinets", «25 бронирований, 3 кабинета». */
export function planTerms(plan: { monthlyBookings: number; maxCabinets: number }, t: TFunction): string {
  return t("miniapp.plan.planTerms", {
    bookings: t("common.counts.bookings", { count: plan.monthlyBookings }),
    cabinets: t("common.counts.cabinets", { count: plan.maxCabinets }),
  });
}

/** The re-plan switch's hint, naming the cheapest plan that re-plans as the plan screen names it. */
export function replanHint(t: TFunction): string {
  return t("miniapp.form.replanHint", { plan: upgradeFor({ feature: "replan" }) });
}
