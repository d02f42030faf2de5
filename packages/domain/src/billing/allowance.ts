import { PLANS } from "./catalogue.ts";
import { type PlanState, planInForce } from "./plan-events.ts";

export type AllowanceRefusal = "limit_reached" | "trial_over" | "no_plan";

export type AllowanceDecision = { ok: true; source: "plan" | "pack" } | { ok: false; reason: AllowanceRefusal };

/**
 * May one more booking be held? The period's limit first, then packs (which never expire), then a
 * refusal that says why: the plan's limit is used up, the trial is over, or there is no plan.
 * `heldInPeriod` counts the period's bookings reserved or charged (released ones returned theirs).
 */
export function decideAllowance(state: PlanState, heldInPeriod: number, now: Date): AllowanceDecision {
  const plan = planInForce(state, now);
  if (plan !== null && heldInPeriod < PLANS[plan].monthlyBookings) return { ok: true, source: "plan" };
  if (state.packBookings > 0) return { ok: true, source: "pack" };
  if (plan !== null) return { ok: false, reason: "limit_reached" };
  return { ok: false, reason: state.endedPlan === "trial" || state.plan === "trial" ? "trial_over" : "no_plan" };
}

/** Bookings left now: the rest of the period's limit plus packs. */
export function bookingsLeft(state: PlanState, heldInPeriod: number, now: Date): { period: number; packs: number } {
  const plan = planInForce(state, now);
  const period = plan === null ? 0 : Math.max(0, PLANS[plan].monthlyBookings - heldInPeriod);
  return { period, packs: state.packBookings };
}
