import { type PackId, type PaidPlanId, PERIOD_DAYS, PLANS, type PlanId, TRIAL_DAYS } from "./catalogue.ts";

export type PlanProvider = "trial" | "grant" | "stars" | "paddle";

/**
 * An organization's plan, as every plan-change event left it. `plan` is what was last given; it is
 * in force while its period runs (see `planInForce`). Packs are counted apart: they never expire.
 */
export interface PlanState {
  plan: PlanId | null;
  periodStart: Date | null;
  periodEnd: Date | null;
  /** A subscription that renews itself; false once cancelled (access runs to `periodEnd`). */
  renews: boolean;
  provider: PlanProvider | null;
  /** The provider's subscription (Stars: the first payment's charge id; Paddle: `sub_…`). */
  subscriptionRef: string | null;
  /** The provider's last word on that subscription: an older event never overrides a newer one. */
  providerEventAt: Date | null;
  /** A renewal payment failed; access continues while the provider retries. */
  pastDue: boolean;
  packBookings: number;
  /** The trial is given once per organization. */
  trialUsed: boolean;
  /** The plan that ended last (a `trial` here means the trial ran out). */
  endedPlan: PlanId | null;
}

export const EMPTY_PLAN_STATE: PlanState = {
  plan: null,
  periodStart: null,
  periodEnd: null,
  renews: false,
  provider: null,
  subscriptionRef: null,
  providerEventAt: null,
  pastDue: false,
  packBookings: 0,
  trialUsed: false,
  endedPlan: null,
};

export type StepDownReason = "period_over" | "refunded" | "paused" | "canceled";

/** Everything that changes a plan. Payments never touch quotas: they produce these. */
export type PlanEvent =
  | { type: "trial_started"; at: Date }
  | { type: "trial_ended"; at: Date }
  /** An admin's `/grant`: the plan for one period, no renewal. */
  | { type: "granted"; plan: PaidPlanId; at: Date; byTelegramId: number }
  /** A paid subscription starts (or the provider says it is active with this plan and period). */
  | {
      type: "subscribed";
      plan: PaidPlanId;
      provider: "stars" | "paddle";
      subscriptionRef: string;
      at: Date;
      periodStart: Date;
      periodEnd: Date;
    }
  /** The next period was paid. */
  | { type: "renewed"; subscriptionRef: string; at: Date; periodEnd: Date }
  /** No further renewals: the plan stays until the end of the paid period. */
  | { type: "cancelled"; subscriptionRef: string; at: Date }
  | { type: "past_due"; subscriptionRef: string; at: Date }
  /** The plan ends now. With a `subscriptionRef`, only if it is still that subscription. */
  | { type: "stepped_down"; at: Date; reason: StepDownReason; subscriptionRef?: string }
  | { type: "pack_added"; pack: PackId; bookings: number; at: Date }
  /** Pack bookings paid back: they leave the balance (never below zero). */
  | { type: "pack_refunded"; pack: PackId; bookings: number; at: Date };

export type PlanEventType = PlanEvent["type"];

export interface PlanChange {
  state: PlanState;
  /** False when the event changed nothing (already applied, stale, or about another subscription). */
  changed: boolean;
}

const DAY_MS = 24 * 60 * 60 * 1000;
export const addDays = (at: Date, days: number): Date => new Date(at.getTime() + days * DAY_MS);

/** A renewing subscription whose renewal is late keeps its plan this long (the provider retries). */
export const RENEWAL_GRACE_MS = DAY_MS;

/**
 * The one place a plan changes. Pure: the same state and event give the same answer. Events from a
 * provider carry the provider's time; one older than the last applied for the same subscription is
 * stale and changes nothing, so webhooks arriving out of order end in the right state.
 */
export function applyPlanChange(state: PlanState, event: PlanEvent): PlanChange {
  const keep: PlanChange = { state, changed: false };
  const next = (patch: Partial<PlanState>): PlanChange => ({ state: { ...state, ...patch }, changed: true });
  switch (event.type) {
    case "trial_started":
      if (state.trialUsed) return keep;
      return next({
        plan: "trial",
        periodStart: event.at,
        periodEnd: addDays(event.at, TRIAL_DAYS),
        renews: false,
        provider: "trial",
        subscriptionRef: null,
        providerEventAt: null,
        pastDue: false,
        trialUsed: true,
      });
    case "trial_ended":
      if (state.plan !== "trial") return keep;
      return next(endOf(state));
    case "granted":
      // The same plan already in force is no new grant: its period (and the bookings used in it) stays.
      if (planInForce(state, event.at) === event.plan) return keep;
      return next({
        plan: event.plan,
        periodStart: event.at,
        periodEnd: addDays(event.at, PERIOD_DAYS),
        renews: false,
        provider: "grant",
        subscriptionRef: null,
        providerEventAt: null,
        pastDue: false,
      });
    case "subscribed": {
      if (isStale(state, event.subscriptionRef, event.at)) return keep;
      return next({
        plan: event.plan,
        periodStart: event.periodStart,
        periodEnd: event.periodEnd,
        renews: true,
        provider: event.provider,
        subscriptionRef: event.subscriptionRef,
        providerEventAt: event.at,
        pastDue: false,
      });
    }
    case "renewed": {
      if (state.subscriptionRef !== event.subscriptionRef || isStale(state, event.subscriptionRef, event.at))
        return keep;
      if (state.plan === null || (state.periodEnd && state.periodEnd >= event.periodEnd)) {
        return { state: { ...state, providerEventAt: event.at }, changed: false };
      }
      return next({
        periodStart: state.periodEnd && state.periodEnd < event.periodEnd ? state.periodEnd : event.at,
        periodEnd: event.periodEnd,
        renews: true,
        pastDue: false,
        providerEventAt: event.at,
      });
    }
    case "cancelled":
      if (state.subscriptionRef !== event.subscriptionRef || isStale(state, event.subscriptionRef, event.at))
        return keep;
      if (!state.renews) return keep;
      return next({ renews: false, providerEventAt: event.at });
    case "past_due":
      if (state.subscriptionRef !== event.subscriptionRef || isStale(state, event.subscriptionRef, event.at))
        return keep;
      return next({ pastDue: true, providerEventAt: event.at });
    case "stepped_down":
      if (state.plan === null) return keep;
      if (event.subscriptionRef !== undefined) {
        if (state.subscriptionRef !== event.subscriptionRef || isStale(state, event.subscriptionRef, event.at)) {
          return keep;
        }
        return next({ ...endOf(state), providerEventAt: event.at });
      }
      return next(endOf(state));
    case "pack_added":
      return next({ packBookings: state.packBookings + event.bookings });
    case "pack_refunded":
      return next({ packBookings: Math.max(0, state.packBookings - event.bookings) });
  }
}

function isStale(state: PlanState, subscriptionRef: string, at: Date): boolean {
  return state.subscriptionRef === subscriptionRef && state.providerEventAt !== null && at < state.providerEventAt;
}

function endOf(state: PlanState): Partial<PlanState> {
  return {
    plan: null,
    periodStart: null,
    periodEnd: null,
    renews: false,
    pastDue: false,
    endedPlan: state.plan,
  };
}

/**
 * The plan that counts now: the plan while its period runs, and a renewing subscription a day past
 * its end while the renewal is on its way. Null = no plan (packs may still book).
 */
export function planInForce(state: PlanState, now: Date): PlanId | null {
  if (state.plan === null || state.periodEnd === null) return null;
  const end = state.periodEnd.getTime() + (state.renews ? RENEWAL_GRACE_MS : 0);
  return now.getTime() < end ? state.plan : null;
}

/**
 * True when the organization already pays for `plan` by a subscription that renews by itself:
 * buying it again would start a second subscription and charge twice. A subscription set to end
 * (cancelled), or a plan that has run out, can be bought again.
 */
export function subscribedAlready(state: PlanState, plan: PlanId, now: Date): boolean {
  return state.renews && state.plan === plan && planInForce(state, now) === plan;
}

/** A subscription a plan change left behind while it still renews by itself. */
export interface LeftBehind {
  provider: PlanProvider;
  subscriptionRef: string;
  plan: PlanId;
}

/**
 * The subscription `before` was paid by, when the change to `after` replaced it with another one
 * (a plan bought on top) while it still renewed: its provider would go on charging for a plan the
 * seller no longer has, so it must be cancelled. Null when nothing was left behind — a renewal, a
 * cancellation, a grant, a step-down.
 */
export function leftBehind(before: PlanState, after: PlanState): LeftBehind | null {
  if (!before.renews || before.subscriptionRef === null || before.plan === null || before.provider === null)
    return null;
  if (after.subscriptionRef === null || after.subscriptionRef === before.subscriptionRef) return null;
  return { provider: before.provider, subscriptionRef: before.subscriptionRef, plan: before.plan };
}

/**
 * True when a renewal of `subscriptionRef` arrives while another subscription pays for the plan in
 * force: the seller replaced the renewing one (its cancellation did not reach the provider in time).
 * The renewal must not take the seller back to the plan they left.
 */
export function isReplacedRenewal(state: PlanState, subscriptionRef: string, at: Date): boolean {
  return (
    state.subscriptionRef !== null &&
    state.subscriptionRef !== subscriptionRef &&
    (state.provider === "stars" || state.provider === "paddle") &&
    planInForce(state, at) !== null
  );
}

/** The event a clock tick owes this state: the trial or a paid period has run out. */
export function dueStepDown(state: PlanState, now: Date): PlanEvent | null {
  if (state.plan === null || planInForce(state, now) !== null) return null;
  return state.plan === "trial"
    ? { type: "trial_ended", at: now }
    : { type: "stepped_down", at: now, reason: "period_over" };
}

/** The plan's tier now (0 without a plan): it feeds matching priority. */
export const tierOf = (state: PlanState, now: Date): number => {
  const plan = planInForce(state, now);
  return plan === null ? 0 : PLANS[plan].tier;
};
