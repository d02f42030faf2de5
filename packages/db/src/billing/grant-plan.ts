import type { PaidPlanId, PlanState } from "@slotpilot/domain";
import { recordAudit } from "../audit.ts";
import type { Db } from "../connect.ts";
import { organizationOf } from "../users.ts";
import { enqueueBillingNotice } from "./billing-notices.ts";
import { changePlan } from "./plan-state.ts";
import { resumeTasksForPlan } from "./plan-tasks.ts";

/**
 * An admin's `/grant`: the seller with this Telegram id gets the plan for one period through a
 * `granted` event; tasks paused for want of a plan hunt again and the seller is told. Undefined
 * when no such seller exists; `changed: false` (nothing done, nobody told) when that plan is in
 * force already — a grant gives a plan, not a fresh period of bookings.
 */
export async function grantPlan(
  db: Db,
  input: { telegramId: number; plan: PaidPlanId; adminUserId: number; adminTelegramId: number; at?: Date },
): Promise<{ organizationId: number; state: PlanState; resumedTasks: number; changed: boolean } | undefined> {
  return db.transaction().execute(async (trx) => {
    const user = await trx
      .selectFrom("users")
      .select("id")
      .where("telegram_id", "=", input.telegramId)
      .executeTakeFirst();
    if (!user) return undefined;
    const organization = await organizationOf(trx, user.id);
    const at = input.at ?? new Date();
    const { state, changed } = await changePlan(
      trx,
      organization.id,
      { type: "granted", plan: input.plan, at, byTelegramId: input.adminTelegramId },
      { actorUserId: input.adminUserId },
    );
    if (!changed) return { organizationId: organization.id, state, resumedTasks: 0, changed };
    const resumedTasks = await resumeTasksForPlan(trx, organization.id);
    await recordAudit(trx, {
      action: "plan.granted",
      actorUserId: input.adminUserId,
      organizationId: organization.id,
      details: { plan: input.plan, telegramId: input.telegramId },
    });
    await enqueueBillingNotice(
      trx,
      organization.id,
      { notice: "plan_granted", plan: input.plan, periodEnd: state.periodEnd?.toISOString() ?? "", resumedTasks },
      `granted:${organization.id}:${at.toISOString()}`,
    );
    return { organizationId: organization.id, state, resumedTasks, changed };
  });
}
