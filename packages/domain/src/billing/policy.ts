import type { ErrorCode } from "../errors.ts";
import { decideAllowance } from "./allowance.ts";
import { hasFeature, type PaidPlanId, PLANS, type PlanFeature, type PlanId, upgradeFor } from "./catalogue.ts";
import { type PlanState, planInForce } from "./plan-events.ts";

/** What a seller may ask to do; the policy answers each from plan, usage and feature flags. */
export type PolicyAction =
  /** Connect one more WB cabinet (the plan's cabinet count; more than one needs `multiple_cabinets`). */
  | { type: "connect_cabinet" }
  /** Open one more task (active or paused). */
  | { type: "open_task" }
  /**
   * Book, or start hunting to book (a task that books created, resumed or switched to booking): the
   * period's limit, then packs. Alerts never book and are not asked this.
   */
  | { type: "book" }
  /** A per-plan feature: re-plan, booking priority, call alerts. */
  | { type: "use_feature"; feature: PlanFeature }
  /** A rate-limited action (counted over a sliding window by the caller). */
  | { type: "rate"; action: RateLimitedAction };

export type RateLimitedAction = "checkout" | "supplies_refresh";

/** Sliding-window limits per organization: generous for a person, tight for a loop. */
export const RATE_LIMITS: Readonly<Record<RateLimitedAction, { max: number; windowSeconds: number }>> = {
  checkout: { max: 10, windowSeconds: 600 },
  supplies_refresh: { max: 30, windowSeconds: 60 },
};

export interface PolicyInput {
  state: PlanState;
  now: Date;
  usage: {
    cabinets: number;
    openTasks: number;
    /** Bookings reserved or charged in the current period. */
    heldInPeriod: number;
    /** Per rate-limited action: how many happened in its window, and when the oldest of them did. */
    recent?: Partial<Record<RateLimitedAction, { count: number; oldestAt: Date | null }>>;
  };
  /** Service-wide switches: a feature turned off here is off for every plan (e.g. calls disabled). */
  flags?: Partial<Record<PlanFeature, boolean>>;
}

export type PolicyDecision =
  | { ok: true }
  | {
      ok: false;
      /** The error code (a locale key `errors.<code>`) and its parameters. */
      code: ErrorCode;
      params: Record<string, string | number>;
      /** The cheapest plan that allows it, or null (nothing larger, or not a plan matter). */
      upgrade: PaidPlanId | null;
    };

const allow: PolicyDecision = { ok: true };

/**
 * May this organization do this now, and if not, why — and which plan would allow it. Pure: the
 * same inputs give the same answer. Without a plan in force the plan counted is the trial's shape
 * (one cabinet, a few tasks) so a seller whose trial ended still sees and edits what they have.
 */
export function decide(input: PolicyInput, action: PolicyAction): PolicyDecision {
  const inForce = planInForce(input.state, input.now);
  const plan: PlanId = inForce ?? "trial";
  const limits = PLANS[plan];
  // A refusal names the cheapest plan that allows it; past the largest plan, support is the way.
  const refuse = (
    code: ErrorCode,
    upgrade: PaidPlanId | null,
    params: Record<string, string | number> = {},
  ): PolicyDecision =>
    upgrade === null
      ? { ok: false, code: "plan.top_limit", params: { plan, ...params }, upgrade }
      : { ok: false, code, params: { plan, upgrade, ...params }, upgrade };
  switch (action.type) {
    case "connect_cabinet": {
      const wanted = input.usage.cabinets + 1;
      if (wanted <= limits.maxCabinets) return allow;
      // `count` picks the message's plural form (the same number as `limit`).
      return refuse("plan.cabinet_limit", upgradeFor({ cabinets: wanted, feature: "multiple_cabinets" }), {
        limit: limits.maxCabinets,
        count: limits.maxCabinets,
      });
    }
    case "open_task": {
      if (inForce === null && input.state.packBookings === 0) return noPlan(input.state, plan);
      const wanted = input.usage.openTasks + 1;
      if (wanted <= limits.maxOpenTasks) return allow;
      return refuse("plan.task_limit", upgradeFor({ openTasks: wanted }), {
        limit: limits.maxOpenTasks,
        count: limits.maxOpenTasks,
      });
    }
    case "book": {
      const d = decideAllowance(input.state, input.usage.heldInPeriod, input.now);
      if (d.ok) return allow;
      if (d.reason !== "limit_reached") return noPlan(input.state, plan);
      return refuse("plan.booking_limit", upgradeFor({ bookings: limits.monthlyBookings }), {
        limit: limits.monthlyBookings,
        count: limits.monthlyBookings,
      });
    }
    case "use_feature": {
      if (input.flags?.[action.feature] === false) {
        return { ok: false, code: "plan.feature_off", params: { feature: action.feature }, upgrade: null };
      }
      if (hasFeature(inForce, action.feature)) return allow;
      return refuse("plan.feature_required", upgradeFor({ feature: action.feature }), { feature: action.feature });
    }
    case "rate": {
      const rule = RATE_LIMITS[action.action];
      const recent = input.usage.recent?.[action.action];
      if (!recent || recent.count < rule.max) return allow;
      const freeAt = (recent.oldestAt?.getTime() ?? input.now.getTime()) + rule.windowSeconds * 1000;
      const seconds = Math.max(1, Math.ceil((freeAt - input.now.getTime()) / 1000));
      return { ok: false, code: "plan.rate_limited", params: { seconds }, upgrade: null };
    }
  }
}

function noPlan(state: PlanState, plan: PlanId): PolicyDecision {
  const trialOver = state.endedPlan === "trial" || state.plan === "trial";
  return {
    ok: false,
    code: trialOver ? "plan.trial_over" : "plan.no_plan",
    params: { plan, upgrade: "start5" },
    upgrade: "start5",
  };
}
