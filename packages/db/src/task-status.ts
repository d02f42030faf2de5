import type { Transaction } from "kysely";
import type { Db } from "./connect.ts";
import type { Database } from "./schema.ts";

/** Where a booking task stands, as its live status message says it. */
export type TaskPhase = "searching" | "booking" | "booked" | "missed" | "failed" | "paused";

export interface TaskStatusUpdate {
  organizationId: number;
  taskId: number;
  phase: TaskPhase;
  /** Distinguishes repeated phases (a second booking attempt): part of the idempotency key. */
  attempt?: string;
  /** What to show: the slot being booked, the reason a booking failed. */
  details?: {
    warehouseName?: string;
    date?: string;
    coefficient?: number;
    reason?: string;
    /** An `errors.*` code, worded in each reader's language. */
    reasonCode?: string;
  };
}

/**
 * Queues a task's live status for every member of its organization. The notifier keeps one message
 * per task and chat and edits it (searching → booking → booked / failed / paused), so the chat gets one
 * message that updates itself, not a stream. Call it in the transaction that changes the task;
 * the same update queued twice is sent once.
 */
export async function enqueueTaskStatus(db: Db | Transaction<Database>, update: TaskStatusUpdate): Promise<number> {
  const members = await db
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .where("memberships.organization_id", "=", update.organizationId)
    .select("users.telegram_id")
    .execute();
  if (members.length === 0) return 0;
  const rows = await db
    .insertInto("notifications")
    .values(
      members.map((m) => ({
        organization_id: update.organizationId,
        chat_id: m.telegram_id,
        kind: "task.status",
        dedupe_key: `task.status:${update.taskId}:${update.phase}:${update.attempt ?? "1"}:${m.telegram_id}`,
        payload: JSON.stringify({ taskId: update.taskId, phase: update.phase, ...update.details }),
      })),
    )
    .onConflict((oc) => oc.column("dedupe_key").doNothing())
    .returning("id")
    .execute();
  return rows.length;
}
