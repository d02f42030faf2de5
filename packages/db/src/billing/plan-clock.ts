import { dueStepDown } from "@slotpilot/domain";
import type { Db } from "../connect.ts";
import { enqueueBillingNotice } from "./billing-notices.ts";
import { changePlan, lockPlanState } from "./plan-state.ts";
import { pauseTasksForPlan } from "./plan-tasks.ts";

/**
 * Ends the trials and paid periods that ran out (a renewing subscription a day late): the plan
 * steps down through its event, the organization's hunting tasks pause with the reason — unless
 * packs can still book — and the owner is told, with the way back. Nothing is deleted. One
 * transaction per organization; a second run finds nothing to do. Returns the organizations moved.
 */
export async function stepDownEndedPlans(db: Db, now = new Date()): Promise<number[]> {
  const candidates = await db
    .selectFrom("plan_states")
    .select("organization_id")
    .where("plan", "is not", null)
    .where("period_end", "<=", now)
    .execute();
  const moved: number[] = [];
  for (const { organization_id: organizationId } of candidates) {
    const done = await db.transaction().execute(async (trx) => {
      const state = await lockPlanState(trx, organizationId);
      const event = dueStepDown(state, now);
      if (!event) return false;
      const change = await changePlan(trx, organizationId, event);
      if (!change.changed) return false;
      const ended = change.before.plan;
      const pausedTasks =
        change.state.packBookings > 0
          ? 0
          : await pauseTasksForPlan(trx, organizationId, ended === "trial" ? "trial_over" : "plan_ended");
      const periodEnd = change.before.periodEnd?.toISOString() ?? now.toISOString();
      await enqueueBillingNotice(
        trx,
        organizationId,
        ended === "trial"
          ? { notice: "trial_ended", pausedTasks }
          : { notice: "plan_ended", plan: ended ?? "", pausedTasks },
        `ended:${organizationId}:${periodEnd}`,
      );
      return true;
    });
    if (done) moved.push(organizationId);
  }
  return moved;
}
