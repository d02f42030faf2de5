import { type Db, publishEvent } from "@slotpilot/db";
import { moscowToday } from "@slotpilot/domain";
import { sql } from "kysely";

/**
 * Ends tasks that can no longer book anything: their last date is behind us (Moscow calendar, as
 * WB's) or their deadline passed. Each one is announced as a `task.updated` event.
 */
export function expireTasks(deps: { db: Db; now?: () => Date }) {
  return async (): Promise<void> => {
    const now = deps.now?.() ?? new Date();
    await deps.db.transaction().execute(async (trx) => {
      const expired = await trx
        .updateTable("booking_tasks")
        .set({
          status: "expired",
          status_reason: sql<string>`case when date_to < ${moscowToday(now)}::date then 'date_range_over' else 'deadline_passed' end`,
          updated_at: now,
        })
        .where("status", "in", ["active", "paused"])
        .where((eb) => eb.or([eb("date_to", "<", moscowToday(now)), eb("deadline", "<=", now)]))
        .returning(["id", "organization_id"])
        .execute();
      for (const task of expired) {
        await publishEvent(trx, {
          type: "task.updated",
          organizationId: task.organization_id,
          taskId: task.id,
          status: "expired",
        });
      }
    });
  };
}
