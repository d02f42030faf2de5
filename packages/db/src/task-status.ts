import { taskReasonKey } from "@slotpilot/domain";
import { sql, type Transaction } from "kysely";
import type { Db } from "./connect.ts";
import type { Database, TaskStatus } from "./schema.ts";

/** Where a booking task stands, as its live status message says it. */
export type TaskPhase = "searching" | "booking" | "booked" | "missed" | "failed" | "paused" | "expired" | "deleted";

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
    /** A task's reason code (`common.taskReasons.*`: paused for the plan, expired by its dates…). */
    taskReason?: string;
    /** Only edit the status message already in the chat; send none where there is none. */
    editOnly?: boolean;
  };
}

/**
 * Queues a task's live status for every member of its organization. The notifier keeps one message
 * per task and chat and edits it (searching → booking → booked / failed / paused), so the chat gets one
 * message that updates itself, not a stream. Call it in the transaction that changes the task;
 * the same update queued twice is sent once.
 */
export async function enqueueTaskStatus(db: Db | Transaction<Database>, update: TaskStatusUpdate): Promise<number> {
  const liveKey = `task:${update.taskId}`;
  const members = await db
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .where("memberships.organization_id", "=", update.organizationId)
    // An edit-only update goes only where there is a status message to edit, or one on its way.
    .$if(update.details?.editOnly === true, (q) =>
      q.where((eb) =>
        eb.or([
          eb.exists(
            eb
              .selectFrom("live_messages")
              .whereRef("live_messages.chat_id", "=", "users.telegram_id")
              .where("live_messages.live_key", "=", liveKey)
              .select(sql.lit(1).as("one")),
          ),
          eb.exists(
            eb
              .selectFrom("notifications")
              .whereRef("notifications.chat_id", "=", "users.telegram_id")
              .where("notifications.kind", "=", "task.status")
              .where("notifications.status", "=", "pending")
              .where("notifications.dedupe_key", "like", `task.status:${update.taskId}:%`)
              .select(sql.lit(1).as("one")),
          ),
        ]),
      ),
    )
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

/** The live status a task's new state shows; absent: the message already says it (booked, booking…). */
const PHASE_OF: Partial<Record<TaskStatus, TaskPhase>> = {
  active: "searching",
  paused: "paused",
  expired: "expired",
  failed: "failed",
};

/** A task that moved to a new state, as its row reads after the change. */
export interface TaskStateChange {
  id: number;
  organizationId: number;
  mode: "book" | "alert";
  status: TaskStatus;
  /** A task reason code (`plan_limit`, `date_range_over`…) or a seller's own words. */
  reason: string | null;
  /** The row's `updated_at` after the change: tells this pause from an earlier one of the same task. */
  changedAt: Date;
  /** The task's first status message (an alert switched to booking), not an edit of one. */
  startsMessage?: boolean;
}

/**
 * Moves a booking task's live status on after a change that did not come from a booking's end
 * (`endBooking` words those itself): the seller paused, resumed or switched it to booking, the
 * plan or the portal session paused it or let it hunt again, the clock expired it. Only a task that
 * books has a live status (an alert's news are its alerts). It only moves a status message already
 * there: the changes that need telling (a session lost, the plan's limit) send their own message,
 * and a second one beside it would say the same. Call it in the change's transaction.
 */
export async function enqueueTaskStateStatus(db: Db | Transaction<Database>, change: TaskStateChange): Promise<void> {
  const phase = PHASE_OF[change.status];
  if (change.mode !== "book" || !phase) return;
  const reason = change.reason ?? undefined;
  await enqueueTaskStatus(db, {
    organizationId: change.organizationId,
    taskId: change.id,
    phase,
    attempt: String(change.changedAt.getTime()),
    details: {
      ...(change.startsMessage ? {} : { editOnly: true }),
      ...(reason === undefined ? {} : taskReasonKey(reason) ? { taskReason: reason } : { reason }),
    },
  });
}
