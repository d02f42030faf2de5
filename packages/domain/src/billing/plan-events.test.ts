import { describe, expect, it } from "vitest";
import { decideAllowance } from "./allowance.ts";
import { productOfPaddlePrice, upgradeFor, withPaddlePriceIds } from "./catalogue.ts";
import {
  addDays,
  applyPlanChange,
  dueStepDown,
  EMPTY_PLAN_STATE,
  isReplacedRenewal,
  leftBehind,
  type PlanEvent,
  type PlanState,
  planInForce,
  subscribedAlready,
  tierOf,
} from "./plan-events.ts";

const t0 = new Date("2026-11-01T10:00:00Z");
const day = (n: number) => addDays(t0, n);
const run = (events: PlanEvent[], from: PlanState = EMPTY_PLAN_STATE): PlanState =>
  events.reduce((s, e) => applyPlanChange(s, e).state, from);
const sub = (plan: "basic10" | "pro25", ref: string, at: Date, end: Date): PlanEvent => ({
  type: "subscribed",
  plan,
  provider: "paddle",
  subscriptionRef: ref,
  at,
  periodStart: at,
  periodEnd: end,
});

describe("plan changes", () => {
  it("gives the trial once: 14 days, then trial over", () => {
    const s = run([{ type: "trial_started", at: t0 }]);
    expect(s).toMatchObject({ plan: "trial", periodEnd: day(14), trialUsed: true });
    expect(applyPlanChange(s, { type: "trial_started", at: day(20) }).changed).toBe(false);
    expect(dueStepDown(s, day(13))).toBeNull();
    const due = dueStepDown(s, day(14));
    expect(due).toEqual({ type: "trial_ended", at: day(14) });
    const ended = run([due as PlanEvent], s);
    expect(ended).toMatchObject({ plan: null, endedPlan: "trial", trialUsed: true });
    expect(run([{ type: "trial_started", at: day(15) }], ended).plan).toBeNull();
  });

  it("a renewal extends the period; a cancellation keeps access to its end, then steps down", () => {
    const s = run([
      sub("basic10", "sub_1", t0, day(30)),
      { type: "renewed", subscriptionRef: "sub_1", at: day(30), periodEnd: day(60) },
    ]);
    expect(s).toMatchObject({ plan: "basic10", periodStart: day(30), periodEnd: day(60), renews: true });
    const cancelled = run([{ type: "cancelled", subscriptionRef: "sub_1", at: day(40) }], s);
    expect(cancelled).toMatchObject({ plan: "basic10", periodEnd: day(60), renews: false });
    expect(planInForce(cancelled, day(59))).toBe("basic10");
    expect(planInForce(cancelled, day(60))).toBeNull();
    expect(dueStepDown(cancelled, day(59))).toBeNull();
    expect(run([dueStepDown(cancelled, day(60)) as PlanEvent], cancelled)).toMatchObject({
      plan: null,
      endedPlan: "basic10",
    });
  });

  it("a plan paid by a renewing subscription is not sold again; a cancelled or ended one, or another plan, is", () => {
    const s = run([sub("basic10", "sub_1", t0, day(30))]);
    expect(subscribedAlready(s, "basic10", day(10))).toBe(true);
    expect(subscribedAlready(s, "pro25", day(10))).toBe(false);
    const cancelled = run([{ type: "cancelled", subscriptionRef: "sub_1", at: day(12) }], s);
    expect(subscribedAlready(cancelled, "basic10", day(13))).toBe(false);
    expect(subscribedAlready(s, "basic10", day(40))).toBe(false);
    expect(subscribedAlready(EMPTY_PLAN_STATE, "basic10", day(1))).toBe(false);
  });

  it("a renewing subscription keeps its plan one day past the end while the renewal comes", () => {
    const s = run([sub("basic10", "sub_1", t0, day(30))]);
    expect(planInForce(s, addDays(day(30), 0.5))).toBe("basic10");
    expect(planInForce(s, day(31))).toBeNull();
  });

  it("an older provider event never overrides a newer one (updated before created)", () => {
    const updated = sub("pro25", "sub_1", day(1), day(31));
    const created = sub("basic10", "sub_1", t0, day(30));
    const s = run([updated, created]);
    expect(s).toMatchObject({ plan: "pro25", periodEnd: day(31) });
    expect(run([created, updated])).toEqual(s);
  });

  it("renewals, cancellations and step-downs about another subscription change nothing", () => {
    const s = run([sub("basic10", "sub_1", t0, day(30))]);
    for (const e of [
      { type: "renewed", subscriptionRef: "sub_2", at: day(2), periodEnd: day(90) },
      { type: "cancelled", subscriptionRef: "sub_2", at: day(2) },
      { type: "stepped_down", subscriptionRef: "sub_2", at: day(2), reason: "canceled" },
    ] satisfies PlanEvent[]) {
      expect(applyPlanChange(s, e)).toEqual({ state: s, changed: false });
    }
  });

  it("a plan bought on top of a renewing subscription leaves that one behind, to be cancelled", () => {
    const basic = run([sub("basic10", "sub_1", t0, day(30))]);
    const pro = run([sub("pro25", "sub_2", day(3), day(33))], basic);
    expect(pro).toMatchObject({ plan: "pro25", subscriptionRef: "sub_2" });
    expect(leftBehind(basic, pro)).toEqual({ provider: "paddle", subscriptionRef: "sub_1", plan: "basic10" });
    // A renewal, a cancellation, a grant or a step-down leaves nothing behind.
    const renewed = run([{ type: "renewed", subscriptionRef: "sub_1", at: day(29), periodEnd: day(60) }], basic);
    expect(leftBehind(basic, renewed)).toBeNull();
    const cancelled = run([{ type: "cancelled", subscriptionRef: "sub_1", at: day(2) }], basic);
    expect(leftBehind(basic, cancelled)).toBeNull();
    expect(leftBehind(cancelled, run([sub("pro25", "sub_2", day(3), day(33))], cancelled))).toBeNull();
    expect(leftBehind(basic, run([{ type: "granted", plan: "pro25", at: day(3), byTelegramId: 1 }], basic))).toBeNull();
    // The replaced subscription's renewal, while the new one pays, is one to refuse; alone, it is not.
    expect(isReplacedRenewal(pro, "sub_1", day(30))).toBe(true);
    expect(isReplacedRenewal(pro, "sub_2", day(30))).toBe(false);
    expect(isReplacedRenewal(basic, "sub_1", day(30))).toBe(false);
    expect(isReplacedRenewal(pro, "sub_1", day(40))).toBe(false);
  });

  it("packs add up, survive the plan's end, and a refund never goes below zero", () => {
    const s = run([
      { type: "pack_added", pack: "pack5", bookings: 5, at: t0 },
      { type: "granted", plan: "pro25", at: t0, byTelegramId: 1 },
      { type: "stepped_down", at: day(30), reason: "period_over" },
    ]);
    expect(s.packBookings).toBe(5);
    expect(run([{ type: "pack_refunded", pack: "pack20", bookings: 20, at: day(31) }], s).packBookings).toBe(0);
  });

  it("a grant of the plan already in force changes nothing; another plan, or the same once it ended, is granted", () => {
    const granted = run([{ type: "granted", plan: "pro25", at: t0, byTelegramId: 1 }]);
    const again: PlanEvent = { type: "granted", plan: "pro25", at: day(10), byTelegramId: 1 };
    expect(applyPlanChange(granted, again)).toEqual({ state: granted, changed: false });
    const paid = run([sub("pro25", "sub_1", t0, day(30))]);
    expect(applyPlanChange(paid, again)).toEqual({ state: paid, changed: false });
    expect(applyPlanChange(granted, { ...again, plan: "basic10" }).state).toMatchObject({
      plan: "basic10",
      periodStart: day(10),
    });
    expect(applyPlanChange(granted, { ...again, at: day(31) }).state).toMatchObject({
      plan: "pro25",
      periodStart: day(31),
    });
  });

  it("tier follows the plan in force", () => {
    const s = run([{ type: "granted", plan: "business50", at: t0, byTelegramId: 1 }]);
    expect(tierOf(s, day(1))).toBe(4);
    expect(tierOf(s, day(31))).toBe(0);
  });
});

describe("the allowance", () => {
  const trial = run([{ type: "trial_started", at: t0 }]);
  const ended = run([{ type: "trial_ended", at: day(14) }], trial);
  const granted = run([{ type: "granted", plan: "start5", at: t0, byTelegramId: 1 }]);
  const withPack = run([{ type: "pack_added", pack: "pack1", bookings: 1, at: t0 }], granted);
  const cases: [string, PlanState, number, Date, ReturnType<typeof decideAllowance>][] = [
    ["trial with bookings left", trial, 2, day(1), { ok: true, source: "plan" }],
    ["trial used up", trial, 3, day(1), { ok: false, reason: "limit_reached" }],
    ["trial over", ended, 0, day(15), { ok: false, reason: "trial_over" }],
    ["trial past its end before the clock ran", trial, 0, day(15), { ok: false, reason: "trial_over" }],
    ["never had a plan", EMPTY_PLAN_STATE, 0, t0, { ok: false, reason: "no_plan" }],
    ["plan used up, a pack left", withPack, 5, day(1), { ok: true, source: "pack" }],
    ["plan left: the plan first", withPack, 4, day(1), { ok: true, source: "plan" }],
    ["plan over, a pack left", withPack, 0, day(31), { ok: true, source: "pack" }],
    ["grant over, no pack", granted, 0, day(31), { ok: false, reason: "no_plan" }],
  ];
  it.each(cases)("%s", (_, state, held, now, expected) => {
    expect(decideAllowance(state, held, now)).toEqual(expected);
  });
});

describe("the catalogue", () => {
  it("offers the cheapest plan that fits", () => {
    expect(upgradeFor({ feature: "multiple_cabinets" })).toBe("basic10");
    expect(upgradeFor({ feature: "replan" })).toBe("pro25");
    expect(upgradeFor({ bookings: 25 })).toBe("business50");
    expect(upgradeFor({ bookings: 500 })).toBeNull();
  });

  it("maps a deployment's Paddle price ids back to what they sell", () => {
    const c = withPaddlePriceIds({ pro25: "pri_real_pro", pack5: "pri_real_p5" });
    expect(productOfPaddlePrice(c, "pri_real_pro")).toEqual({ kind: "plan", plan: "pro25" });
    expect(productOfPaddlePrice(c, "pri_real_p5")).toEqual({ kind: "pack", pack: "pack5" });
    expect(productOfPaddlePrice(c, "pri_slotpilot_pro25")).toBeNull();
    expect(productOfPaddlePrice(c, "pri_slotpilot_basic10")).toEqual({ kind: "plan", plan: "basic10" });
  });
});
