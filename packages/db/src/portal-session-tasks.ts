import type { Transaction } from "kysely";
import { publishEvent } from "./events.ts";
import type { Database, TaskStatus } from "./schema.ts";
import { recordTaskEvent } from "./task-events.ts";
import { enqueueTaskStateStatus } from "./task-status.ts";

/** Why a task was paused when its cabinet's portal session could not be kept. */
export const SESSION_LOST_REASON = "portal_session_lost";

/** Moves the cabinet's tasks that match `from` to `to`, announcing each (its live status, its timeline); returns their ids. */
async function moveTasks(
  trx: Transaction<Database>,
  cabinetId: number,
  from: { status: TaskStatus | TaskStatus[]; mode?: "book"; reason?: string },
  to: { status: TaskStatus; reason: string | null },
): Promise<number[]> {
  let query = trx
    .updateTable("booking_tasks")
    .set({ status: to.status, status_reason: to.reason, updated_at: new Date() })
    .where("cabinet_id", "=", cabinetId)
    .where("status", "in", Array.isArray(from.status) ? from.status : [from.status]);
  if (from.mode) query = query.where("mode", "=", from.mode);
  if (from.reason) query = query.where("status_reason", "=", from.reason);
  const rows = await query.returning(["id", "organization_id", "mode", "updated_at"]).execute();
  for (const r of rows) {
    await enqueueTaskStateStatus(trx, {
      id: r.id,
      organizationId: r.organization_id,
      mode: r.mode,
      status: to.status,
      reason: to.reason,
      changedAt: r.updated_at,
    });
    await recordTaskEvent(trx, {
      taskId: r.id,
      organizationId: r.organization_id,
      kind: to.status === "paused" ? "paused" : "resumed",
      ...(to.reason ? { details: { reason: to.reason } } : {}),
    });
    await publishEvent(trx, {
      type: "task.updated",
      organizationId: r.organization_id,
      taskId: r.id,
      status: to.status,
    });
  }
  return rows.map((r) => r.id);
}

/**
 * Pauses the cabinet's active `book` tasks (and those with a booking in flight: it runs to its
 * outcome, and a missed one leaves the task paused): without a session nothing can be booked. `alert` tasks
 * keep running — they never needed the session. Returns the paused tasks' ids.
 */
export function pauseTasksForLostSession(trx: Transaction<Database>, cabinetId: number): Promise<number[]> {
  return moveTasks(
    trx,
    cabinetId,
    { status: ["active", "booking"], mode: "book" },
    { status: "paused", reason: SESSION_LOST_REASON },
  );
}

/** The seller is back in: tasks paused only because the session was lost hunt again. */
export function resumeTasksAfterLogin(trx: Transaction<Database>, cabinetId: number): Promise<number[]> {
  return moveTasks(
    trx,
    cabinetId,
    { status: "paused", reason: SESSION_LOST_REASON },
    { status: "active", reason: null },
  );
}
