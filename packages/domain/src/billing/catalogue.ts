/**
 * The plan catalogue: every plan and booking pack, its limits, features and prices, from this one
 * place. The bot, the Mini App, the API, the allowance ledger and both payment providers read it
 * here; nothing else states a price or a limit. Plan and pack ids are stable: they are stored in
 * plan states, payments and invoice payloads.
 *
 * Prices in Telegram Stars are the defaults below. Paddle price ids belong to a Paddle account, so
 * the defaults are placeholders (`pri_slotpilot_…`) that a deployment replaces with its own through
 * `PADDLE_PRICE_IDS` (see packages/config); `withPaddlePriceIds` applies them.
 */

export const PLAN_IDS = ["trial", "start5", "basic10", "pro25", "business50", "max100", "enterprise500"] as const;
export type PlanId = (typeof PLAN_IDS)[number];
/** Plans a seller can pay for or an admin can grant (the trial is given once, never sold). */
export type PaidPlanId = Exclude<PlanId, "trial">;
export const PAID_PLAN_IDS = PLAN_IDS.filter((id): id is PaidPlanId => id !== "trial");

export const PACK_IDS = ["pack1", "pack5", "pack20"] as const;
export type PackId = (typeof PACK_IDS)[number];

/** What a plan may use beyond its booking limit (the policy engine asks these). */
export type PlanFeature = "multiple_cabinets" | "replan" | "booking_priority" | "call_alerts";

export interface Plan {
  id: PlanId;
  /** Bookings confirmed at WB per paid period (30 days; the trial's 14 days for the trial). */
  monthlyBookings: number;
  /** 0 = trial … higher = more priority when two tasks want one cell. */
  tier: number;
  features: readonly PlanFeature[];
  /** WB cabinets connected at once. */
  maxCabinets: number;
  /** Tasks hunting (active or paused) at once. */
  maxOpenTasks: number;
  /** The price of one 30-day period in Telegram Stars (XTR); 0 for the trial. */
  stars: number;
  /** The Paddle price (a monthly recurring price in the Paddle catalogue); null for the trial. */
  paddlePriceId: string | null;
}

export interface BookingPack {
  id: PackId;
  /** One-off bookings that do not expire with the month. */
  bookings: number;
  stars: number;
  paddlePriceId: string;
}

export const TRIAL_DAYS = 14;
/** A paid period, and Telegram's only subscription period (`subscription_period` = 2592000 s). */
export const PERIOD_DAYS = 30;
export const PERIOD_SECONDS = PERIOD_DAYS * 24 * 60 * 60;

const ALL_FEATURES: readonly PlanFeature[] = ["multiple_cabinets", "call_alerts", "replan", "booking_priority"];

export const PLANS: Readonly<Record<PlanId, Plan>> = {
  // The trial lets a seller try the urgent call once it matters; the other features are paid ones.
  trial: plan("trial", 3, 0, ["call_alerts"], 1, 5, 0, null),
  start5: plan("start5", 5, 1, [], 1, 10, 250, "pri_slotpilot_start5"),
  basic10: plan("basic10", 10, 2, ["multiple_cabinets", "call_alerts"], 2, 20, 450, "pri_slotpilot_basic10"),
  pro25: plan("pro25", 25, 3, ["multiple_cabinets", "call_alerts", "replan"], 3, 50, 990, "pri_slotpilot_pro25"),
  business50: plan("business50", 50, 4, ALL_FEATURES, 5, 100, 1790, "pri_slotpilot_business50"),
  max100: plan("max100", 100, 5, ALL_FEATURES, 10, 200, 2990, "pri_slotpilot_max100"),
  enterprise500: plan("enterprise500", 500, 6, ALL_FEATURES, 30, 1000, 9990, "pri_slotpilot_enterprise500"),
};

export const PACKS: Readonly<Record<PackId, BookingPack>> = {
  pack1: { id: "pack1", bookings: 1, stars: 75, paddlePriceId: "pri_slotpilot_pack1" },
  pack5: { id: "pack5", bookings: 5, stars: 300, paddlePriceId: "pri_slotpilot_pack5" },
  pack20: { id: "pack20", bookings: 20, stars: 1000, paddlePriceId: "pri_slotpilot_pack20" },
};

function plan(
  id: PlanId,
  monthlyBookings: number,
  tier: number,
  features: readonly PlanFeature[],
  maxCabinets: number,
  maxOpenTasks: number,
  stars: number,
  paddlePriceId: string | null,
): Plan {
  return { id, monthlyBookings, tier, features, maxCabinets, maxOpenTasks, stars, paddlePriceId };
}

export const isPlanId = (v: unknown): v is PlanId =>
  typeof v === "string" && (PLAN_IDS as readonly string[]).includes(v);
export const isPaidPlanId = (v: unknown): v is PaidPlanId => isPlanId(v) && v !== "trial";
export const isPackId = (v: unknown): v is PackId =>
  typeof v === "string" && (PACK_IDS as readonly string[]).includes(v);

export const hasFeature = (planId: PlanId | null, feature: PlanFeature): boolean =>
  planId !== null && PLANS[planId].features.includes(feature);

/** The cheapest paid plan that has `feature` (or, without one, more than `bookings` a month): the upgrade to offer. */
export function upgradeFor(need: {
  feature?: PlanFeature;
  cabinets?: number;
  openTasks?: number;
  bookings?: number;
}): PaidPlanId | null {
  for (const id of PAID_PLAN_IDS) {
    const p = PLANS[id];
    if (need.feature && !p.features.includes(need.feature)) continue;
    if (need.cabinets !== undefined && p.maxCabinets < need.cabinets) continue;
    if (need.openTasks !== undefined && p.maxOpenTasks < need.openTasks) continue;
    if (need.bookings !== undefined && p.monthlyBookings <= need.bookings) continue;
    return id;
  }
  return null;
}

/** The catalogue as shown and sold: plans and packs with the deployment's Paddle price ids. */
export interface Catalogue {
  plans: Readonly<Record<PlanId, Plan>>;
  packs: Readonly<Record<PackId, BookingPack>>;
}

export const DEFAULT_CATALOGUE: Catalogue = { plans: PLANS, packs: PACKS };

/** The catalogue with a deployment's own Paddle price ids (keys are plan or pack ids). */
export function withPaddlePriceIds(ids: Readonly<Record<string, string>>): Catalogue {
  const plans = Object.fromEntries(
    PLAN_IDS.map((id) => [
      id,
      { ...PLANS[id], paddlePriceId: id === "trial" ? null : (ids[id] ?? PLANS[id].paddlePriceId) },
    ]),
  ) as Record<PlanId, Plan>;
  const packs = Object.fromEntries(
    PACK_IDS.map((id) => [id, { ...PACKS[id], paddlePriceId: ids[id] ?? PACKS[id].paddlePriceId }]),
  ) as Record<PackId, BookingPack>;
  return { plans, packs };
}

/** What a Paddle price id pays for, or null when it is not in the catalogue. */
export function productOfPaddlePrice(
  catalogue: Catalogue,
  priceId: string,
): { kind: "plan"; plan: PaidPlanId } | { kind: "pack"; pack: PackId } | null {
  for (const id of PAID_PLAN_IDS) if (catalogue.plans[id].paddlePriceId === priceId) return { kind: "plan", plan: id };
  for (const id of PACK_IDS) if (catalogue.packs[id].paddlePriceId === priceId) return { kind: "pack", pack: id };
  return null;
}

/** One thing a seller can buy. */
export type ProductRef = { kind: "plan"; plan: PaidPlanId } | { kind: "pack"; pack: PackId };

export const productId = (p: ProductRef): PaidPlanId | PackId => (p.kind === "plan" ? p.plan : p.pack);

/** What a product costs and gives, from the catalogue. */
export function productTerms(
  catalogue: Catalogue,
  p: ProductRef,
): { stars: number; bookings: number; paddlePriceId: string | null } {
  if (p.kind === "plan") {
    const plan = catalogue.plans[p.plan];
    return { stars: plan.stars, bookings: plan.monthlyBookings, paddlePriceId: plan.paddlePriceId };
  }
  const pack = catalogue.packs[p.pack];
  return { stars: pack.stars, bookings: pack.bookings, paddlePriceId: pack.paddlePriceId };
}
