import type { Transaction } from "kysely";
import { publishEvent } from "./events.ts";
import type { Database } from "./schema.ts";

/** Why a task was paused when its cabinet's portal session could not be kept. */
export const SESSION_LOST_REASON = "portal_session_lost";

/**
 * Pauses the cabinet's active `book` tasks: without a session nothing can be booked. `alert` tasks
 * keep running — they never needed the session. Returns the paused tasks' ids.
 */
export async function pauseTasksForLostSession(trx: Transaction<Database>, cabinetId: number): Promise<number[]> {
  const rows = await trx
    .updateTable("booking_tasks")
    .set({ status: "paused", status_reason: SESSION_LOST_REASON, updated_at: new Date() })
    .where("cabinet_id", "=", cabinetId)
    .where("status", "=", "active")
    .where("mode", "=", "book")
    .returning(["id", "organization_id"])
    .execute();
  for (const r of rows) {
    await publishEvent(trx, {
      type: "task.updated",
      organizationId: r.organization_id,
      taskId: r.id,
      status: "paused",
    });
  }
  return rows.map((r) => r.id);
}

/** The seller is back in: tasks paused only because the session was lost hunt again. */
export async function resumeTasksAfterLogin(trx: Transaction<Database>, cabinetId: number): Promise<number[]> {
  const rows = await trx
    .updateTable("booking_tasks")
    .set({ status: "active", status_reason: null, updated_at: new Date() })
    .where("cabinet_id", "=", cabinetId)
    .where("status", "=", "paused")
    .where("status_reason", "=", SESSION_LOST_REASON)
    .returning(["id", "organization_id"])
    .execute();
  for (const r of rows) {
    await publishEvent(trx, {
      type: "task.updated",
      organizationId: r.organization_id,
      taskId: r.id,
      status: "active",
    });
  }
  return rows.map((r) => r.id);
}
