import type { BillingView } from "@slotpilot/api/client";
import { decide, EMPTY_PLAN_STATE, isPlanId } from "@slotpilot/domain";
import { unwrap } from "../api-call.ts";
import type { BotContext } from "../context.ts";

/**
 * The plan's refusal to connect one more cabinet, in the API's own words, or null when the plan
 * allows it. Asked before the seller pastes a token or types a phone, so neither is asked for in
 * vain; the domain's policy decides, from the plan and the cabinets the API reports, and the API
 * still decides again when the cabinet is created.
 */
export async function cabinetQuotaRefusal(ctx: BotContext): Promise<string | null> {
  const [{ billing }, { cabinets }] = await Promise.all([
    ctx.backend.billing.$get().then(unwrap) as Promise<{ billing: BillingView }>,
    ctx.backend.cabinets.$get().then(unwrap),
  ]);
  const decision = decide(
    {
      state: {
        ...EMPTY_PLAN_STATE,
        plan: isPlanId(billing.plan) ? billing.plan : null,
        periodEnd: billing.periodEnd ? new Date(billing.periodEnd) : null,
        renews: billing.renews,
      },
      now: new Date(),
      usage: { cabinets: cabinets.length, openTasks: 0, heldInPeriod: 0 },
    },
    { type: "connect_cabinet" },
  );
  return decision.ok ? null : ctx.t(`errors.${decision.code}`, decision.params);
}
