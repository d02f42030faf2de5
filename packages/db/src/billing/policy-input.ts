import type { PolicyInput } from "@slotpilot/domain";
import { RATE_LIMITS } from "@slotpilot/domain";
import { sql } from "kysely";
import { type Executor, readPlanState } from "./plan-state.ts";

/** Audit actions that count against a rate limit of the policy engine. */
export const RATE_AUDIT_ACTIONS = { checkout: "billing.checkout", supplies_refresh: "supplies.refresh" } as const;

/** What the policy engine needs to answer for this organization now: plan, usage and recent attempts. */
export async function policyInput(db: Executor, organizationId: number, now = new Date()): Promise<PolicyInput> {
  const state = await readPlanState(db, organizationId);
  const window = new Date(now.getTime() - RATE_LIMITS.checkout.windowSeconds * 1000);
  const row = await sql<{ cabinets: number; open_tasks: number; held: number; checkouts: number; oldest: Date | null }>`
    select (select count(*)::int from cabinets where organization_id = ${organizationId}) as cabinets,
           (select count(*)::int from booking_tasks
             where organization_id = ${organizationId} and status in ('active', 'booking', 'paused')) as open_tasks,
           (select count(*)::int from booking_allowance
             where organization_id = ${organizationId} and source = 'plan' and status <> 'released'
               and period_start is not distinct from ${state.periodStart}) as held,
           (select count(*)::int from audit_log
             where organization_id = ${organizationId} and action = ${RATE_AUDIT_ACTIONS.checkout} and at > ${window}) as checkouts,
           (select min(at) from audit_log
             where organization_id = ${organizationId} and action = ${RATE_AUDIT_ACTIONS.checkout} and at > ${window}) as oldest`.execute(
    db,
  );
  const r = row.rows[0];
  return {
    state,
    now,
    usage: {
      cabinets: r?.cabinets ?? 0,
      openTasks: r?.open_tasks ?? 0,
      heldInPeriod: state.periodStart === null ? 0 : (r?.held ?? 0),
      recent: { checkout: { count: r?.checkouts ?? 0, oldestAt: r?.oldest ?? null } },
    },
  };
}
