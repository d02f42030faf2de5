import {
  addDays,
  applyPlanChange,
  decide,
  EMPTY_PLAN_STATE,
  type PlanEvent,
  type PolicyAction,
  type PolicyInput,
} from "@slotpilot/domain";
import { translator } from "@slotpilot/locales";
import { describe, expect, it } from "vitest";

const t0 = new Date("2026-11-01T10:00:00Z");
const state = (...events: PlanEvent[]) => events.reduce((s, e) => applyPlanChange(s, e).state, EMPTY_PLAN_STATE);
const usage: PolicyInput["usage"] = { cabinets: 5, openTasks: 5, heldInPeriod: 5 };

const refusals: [string, PolicyInput, PolicyAction][] = [
  ["cabinet", { state: state({ type: "trial_started", at: t0 }), now: t0, usage }, { type: "connect_cabinet" }],
  ["task", { state: state({ type: "trial_started", at: t0 }), now: t0, usage }, { type: "open_task" }],
  [
    "booking",
    { state: state({ type: "granted", plan: "start5", at: t0, byTelegramId: 1 }), now: t0, usage },
    { type: "book" },
  ],
  ["feature", { state: EMPTY_PLAN_STATE, now: t0, usage }, { type: "use_feature", feature: "replan" }],
  ["trial over", { state: state({ type: "trial_started", at: t0 }), now: addDays(t0, 20), usage }, { type: "book" }],
  [
    "top",
    {
      state: state({ type: "granted", plan: "enterprise500", at: t0, byTelegramId: 1 }),
      now: t0,
      usage: { ...usage, heldInPeriod: 500 },
    },
    { type: "book" },
  ],
  [
    "rate",
    { state: EMPTY_PLAN_STATE, now: t0, usage: { ...usage, recent: { checkout: { count: 10, oldestAt: t0 } } } },
    { type: "rate", action: "checkout" },
  ],
];

describe("the policy engine's refusals, as the seller reads them", () => {
  it.each(refusals)("%s: worded in both languages, naming the plan to upgrade to", (_, input, action) => {
    const d = decide(input, action);
    if (d.ok) throw new Error("expected a refusal");
    for (const locale of ["en", "ru"] as const) {
      const t = translator(locale);
      const text = t(`errors.${d.code}`, d.params);
      expect(text).not.toMatch(/\$t\(|\{\{|errors\.|billing\./);
      if (d.upgrade) expect(text).toContain(t(`billing.plans.${d.upgrade}`));
    }
  });

  it("reads like a sentence", () => {
    const ru = translator("ru");
    expect(ru("errors.plan.cabinet_limit", { plan: "trial", upgrade: "basic10", limit: 1, count: 1 })).toBe(
      "Ваш тариф (Пробный период) подключает не больше 1 кабинета WB. Базовый · 10 подключает больше, перейти можно в /plan (в приложении — «Тариф и использование»).",
    );
    expect(ru("errors.plan.task_limit", { plan: "trial", upgrade: "start5", limit: 5, count: 5 })).toBe(
      "Ваш тариф (Пробный период) держит открытыми не больше 5 задач. Удалите одну или перейдите на Старт · 5 в /plan (в приложении — «Тариф и использование»).",
    );
    expect(
      translator("en")("errors.plan.cabinet_limit", { plan: "trial", upgrade: "basic10", limit: 1, count: 1 }),
    ).toBe(
      "Your plan (Free trial) connects at most 1 WB cabinet. Basic · 10 connects more: upgrade in /plan (in the app: “Plan and usage”).",
    );
  });
});
