import { describe, expect, it } from "vitest";
import { addDays, applyPlanChange, EMPTY_PLAN_STATE, type PlanEvent, type PlanState } from "./plan-events.ts";
import { decide, type PolicyAction, type PolicyInput } from "./policy.ts";

const t0 = new Date("2026-11-01T10:00:00Z");
const now = addDays(t0, 1);
const state = (...events: PlanEvent[]): PlanState =>
  events.reduce((s, e) => applyPlanChange(s, e).state, EMPTY_PLAN_STATE);
const trial = state({ type: "trial_started", at: t0 });
const trialOver = state({ type: "trial_started", at: t0 }, { type: "trial_ended", at: t0 });
const grant = (plan: "start5" | "basic10" | "pro25" | "business50" | "enterprise500") =>
  state({ type: "granted", plan, at: t0, byTelegramId: 1 });
const packsOnly = state({ type: "pack_added", pack: "pack5", bookings: 5, at: t0 });

type Row = [string, PlanState, Partial<PolicyInput["usage"]>, PolicyAction, string, Record<string, unknown>?];

// plan state · usage · action → the answer (ok, or the refusal's code and what it offers)
const rows: Row[] = [
  ["trial: the first cabinet", trial, { cabinets: 0 }, { type: "connect_cabinet" }, "ok"],
  [
    "trial: a second cabinet",
    trial,
    { cabinets: 1 },
    { type: "connect_cabinet" },
    "plan.cabinet_limit",
    { upgrade: "basic10", limit: 1 },
  ],
  ["Basic: a second cabinet", grant("basic10"), { cabinets: 1 }, { type: "connect_cabinet" }, "ok"],
  [
    "Basic: a third cabinet",
    grant("basic10"),
    { cabinets: 2 },
    { type: "connect_cabinet" },
    "plan.cabinet_limit",
    { upgrade: "pro25" },
  ],
  [
    "Enterprise: past 30 cabinets",
    grant("enterprise500"),
    { cabinets: 30 },
    { type: "connect_cabinet" },
    "plan.top_limit",
  ],
  ["trial: a fifth task", trial, { openTasks: 4 }, { type: "open_task" }, "ok"],
  [
    "trial: a sixth task",
    trial,
    { openTasks: 5 },
    { type: "open_task" },
    "plan.task_limit",
    { upgrade: "start5", limit: 5 },
  ],
  [
    "trial over: a new task",
    trialOver,
    { openTasks: 0 },
    { type: "open_task" },
    "plan.trial_over",
    { upgrade: "start5" },
  ],
  ["never a plan: a new task", EMPTY_PLAN_STATE, {}, { type: "open_task" }, "plan.no_plan"],
  ["no plan, packs left: a new task", packsOnly, {}, { type: "open_task" }, "ok"],
  ["Start: booking the 5th", grant("start5"), { heldInPeriod: 4 }, { type: "book" }, "ok"],
  [
    "Start: booking the 6th",
    grant("start5"),
    { heldInPeriod: 5 },
    { type: "book" },
    "plan.booking_limit",
    { upgrade: "basic10", limit: 5 },
  ],
  [
    "trial: all 3 bookings used, a 4th (or a task that books resumed)",
    trial,
    { heldInPeriod: 3 },
    { type: "book" },
    "plan.booking_limit",
    { plan: "trial", upgrade: "start5", limit: 3, count: 3 },
  ],
  [
    "trial: all 3 used, an alert task opened or resumed",
    trial,
    { heldInPeriod: 3, openTasks: 1 },
    { type: "open_task" },
    "ok",
  ],
  [
    "Start: limit used up, a pack left",
    state(
      { type: "granted", plan: "start5", at: t0, byTelegramId: 1 },
      { type: "pack_added", pack: "pack1", bookings: 1, at: t0 },
    ),
    { heldInPeriod: 5 },
    { type: "book" },
    "ok",
  ],
  ["never a plan: booking", EMPTY_PLAN_STATE, {}, { type: "book" }, "plan.no_plan", { upgrade: "start5" }],
  ["Enterprise: the 501st", grant("enterprise500"), { heldInPeriod: 500 }, { type: "book" }, "plan.top_limit"],
  ["trial over: booking", trialOver, {}, { type: "book" }, "plan.trial_over"],
  ["no plan, packs left: booking", packsOnly, {}, { type: "book" }, "ok"],
  [
    "Start: re-plan",
    grant("start5"),
    {},
    { type: "use_feature", feature: "replan" },
    "plan.feature_required",
    { upgrade: "pro25" },
  ],
  ["Pro: re-plan", grant("pro25"), {}, { type: "use_feature", feature: "replan" }, "ok"],
  [
    "Pro: booking priority",
    grant("pro25"),
    {},
    { type: "use_feature", feature: "booking_priority" },
    "plan.feature_required",
    { upgrade: "business50" },
  ],
  ["Basic: call alerts", grant("basic10"), {}, { type: "use_feature", feature: "call_alerts" }, "ok"],
  ["trial: call alerts", trial, {}, { type: "use_feature", feature: "call_alerts" }, "ok"],
  [
    "Start: call alerts",
    grant("start5"),
    {},
    { type: "use_feature", feature: "call_alerts" },
    "plan.feature_required",
    { upgrade: "basic10" },
  ],
  [
    "9 checkouts in 10 minutes",
    trial,
    { recent: { checkout: { count: 9, oldestAt: t0 } } },
    { type: "rate", action: "checkout" },
    "ok",
  ],
  [
    "10 checkouts in 10 minutes",
    trial,
    { recent: { checkout: { count: 10, oldestAt: addDays(now, -1 / 288) } } },
    { type: "rate", action: "checkout" },
    "plan.rate_limited",
    { seconds: 300 },
  ],
];

describe("the policy engine", () => {
  it.each(rows)("%s", (_, planState, usage, action, expected, offer) => {
    const decision = decide(
      { state: planState, now, usage: { cabinets: 0, openTasks: 0, heldInPeriod: 0, ...usage } },
      action,
    );
    if (expected === "ok") return expect(decision).toEqual({ ok: true });
    expect(decision).toMatchObject({ ok: false, code: expected, params: offer ?? {} });
  });

  it("a feature switched off for everyone is off on every plan", () => {
    const d = decide(
      {
        state: grant("business50"),
        now,
        usage: { cabinets: 0, openTasks: 0, heldInPeriod: 0 },
        flags: { call_alerts: false },
      },
      { type: "use_feature", feature: "call_alerts" },
    );
    expect(d).toMatchObject({ ok: false, code: "plan.feature_off", upgrade: null });
  });
});
