import { type Db, enqueueTaskStateStatus, publishEvents, taskSnapshot } from "@slotpilot/db";
import { type TaskReason, transition } from "@slotpilot/domain";

/**
 * Ends tasks that can no longer book anything: their last date is behind us (Moscow calendar, as
 * WB's) or their deadline passed — the rule is the domain's (`transition` on the clock), not
 * repeated here. A task watching for a better day (re-plan) whose window passed is simply booked.
 * Each one is announced as a `task.updated` event, and an expired booking task's live status says
 * why it ended, in the same transaction.
 */
export function expireTasks(deps: { db: Db; now?: () => Date }) {
  return async (): Promise<void> => {
    const now = deps.now?.() ?? new Date();
    await deps.db.transaction().execute(async (trx) => {
      const live = await trx
        .selectFrom("booking_tasks")
        .where("status", "in", ["active", "paused", "watching"])
        .select(["id", "organization_id", "mode", "status", "status_reason", "date_to", "deadline", "replan"])
        .forUpdate()
        .skipLocked()
        .execute();
      const ending: { id: number; organizationId: number; mode: "book" | "alert"; reason: TaskReason }[] = [];
      const settled: { id: number; organizationId: number }[] = [];
      for (const row of live) {
        const next = transition(taskSnapshot(row), { type: "clock", now });
        if (next.ok && next.changed && next.state === "expired" && next.reason) {
          ending.push({ id: row.id, organizationId: row.organization_id, mode: row.mode, reason: next.reason });
        } else if (next.ok && next.changed && next.state === "booked") {
          settled.push({ id: row.id, organizationId: row.organization_id });
        }
      }
      if (settled.length > 0) {
        await trx
          .updateTable("booking_tasks")
          .set({ status: "booked", updated_at: now })
          .where(
            "id",
            "in",
            settled.map((t) => t.id),
          )
          .where("status", "=", "watching")
          .execute();
      }
      for (const reason of new Set(ending.map((t) => t.reason))) {
        const ids = ending.filter((t) => t.reason === reason).map((t) => t.id);
        await trx
          .updateTable("booking_tasks")
          .set({ status: "expired", status_reason: reason, updated_at: now })
          .where("id", "in", ids)
          .execute();
      }
      for (const t of ending) {
        await enqueueTaskStateStatus(trx, {
          id: t.id,
          organizationId: t.organizationId,
          mode: t.mode,
          status: "expired",
          reason: t.reason,
          changedAt: now,
        });
      }
      // One statement for every event, whatever the number of tasks (settled ones first, as before).
      await publishEvents(trx, [
        ...settled.map((t) => ({
          type: "task.updated" as const,
          organizationId: t.organizationId,
          taskId: t.id,
          status: "booked",
        })),
        ...ending.map((t) => ({
          type: "task.updated" as const,
          organizationId: t.organizationId,
          taskId: t.id,
          status: "expired",
        })),
      ]);
    });
  };
}
