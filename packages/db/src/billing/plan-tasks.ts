import type { Transaction } from "kysely";
import { publishEvent } from "../events.ts";
import type { Database } from "../schema.ts";
import { recordTaskEvent } from "../task-events.ts";
import { enqueueTaskStateStatus } from "../task-status.ts";

/** Why tasks wait for a plan: the trial ran out, a paid plan ended, the period's limit is used up. */
export const PLAN_PAUSE_REASONS = ["trial_over", "plan_ended", "plan_limit"] as const;
export type PlanPauseReason = (typeof PLAN_PAUSE_REASONS)[number];

/** Pauses the organization's hunting tasks (nothing is deleted), announcing each (its live status, its timeline); returns how many. */
export async function pauseTasksForPlan(
  trx: Transaction<Database>,
  organizationId: number,
  reason: PlanPauseReason,
): Promise<number> {
  const rows = await trx
    .updateTable("booking_tasks")
    .set({ status: "paused", status_reason: reason, updated_at: new Date() })
    .where("organization_id", "=", organizationId)
    .where("status", "=", "active")
    .returning(["id", "mode", "updated_at"])
    .execute();
  for (const r of rows) {
    await enqueueTaskStateStatus(trx, {
      id: r.id,
      organizationId,
      mode: r.mode,
      status: "paused",
      reason,
      changedAt: r.updated_at,
    });
    await recordTaskEvent(trx, { taskId: r.id, organizationId, kind: "paused", details: { reason } });
    await publishEvent(trx, { type: "task.updated", organizationId, taskId: r.id, status: "paused" });
  }
  return rows.length;
}

/** A plan is back: tasks paused only for the plan hunt again. Returns how many. */
export async function resumeTasksForPlan(trx: Transaction<Database>, organizationId: number): Promise<number> {
  const rows = await trx
    .updateTable("booking_tasks")
    .set({ status: "active", status_reason: null, updated_at: new Date() })
    .where("organization_id", "=", organizationId)
    .where("status", "=", "paused")
    .where("status_reason", "in", [...PLAN_PAUSE_REASONS])
    .returning(["id", "mode", "updated_at"])
    .execute();
  for (const r of rows) {
    await enqueueTaskStateStatus(trx, {
      id: r.id,
      organizationId,
      mode: r.mode,
      status: "active",
      reason: null,
      changedAt: r.updated_at,
    });
    await recordTaskEvent(trx, { taskId: r.id, organizationId, kind: "resumed" });
    await publishEvent(trx, { type: "task.updated", organizationId, taskId: r.id, status: "active" });
  }
  return rows.length;
}

/** The organization's owner's Telegram chat (where its plan messages go), if any. */
export async function ownerChat(
  trx: Transaction<Database>,
  organizationId: number,
): Promise<{ chatId: number; userId: number } | undefined> {
  const row = await trx
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .select(["users.telegram_id", "users.id"])
    .where("memberships.organization_id", "=", organizationId)
    .orderBy("memberships.role", "desc") // 'owner' before 'member'
    .orderBy("memberships.created_at")
    .limit(1)
    .executeTakeFirst();
  return row ? { chatId: row.telegram_id, userId: row.id } : undefined;
}
