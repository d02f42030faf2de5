import { sql, type Transaction } from "kysely";
import type { Db } from "./connect.ts";
import type { Database } from "./schema.ts";

export type TaskEventKind = "created" | "paused" | "resumed" | "edited" | (string & {});

/** Records one step of a task's life, in the caller's transaction. */
export async function recordTaskEvent(
  db: Db | Transaction<Database>,
  event: { taskId: number; organizationId: number; kind: TaskEventKind; details?: Record<string, unknown> },
): Promise<void> {
  await db
    .insertInto("task_events")
    .values({
      task_id: event.taskId,
      organization_id: event.organizationId,
      kind: event.kind,
      details: JSON.stringify(event.details ?? {}),
    })
    .execute();
}

export interface TimelineEntry {
  at: Date;
  /** `created`, `paused`, `resumed`, `edited`, `alert` (a slot that fit opened), or the booker's own. */
  kind: string;
  details: Record<string, unknown>;
}

/**
 * A task's timeline, newest first: its own events and the slot alerts it raised (one per opening,
 * whoever of the organization received it). Only the organization's own task is read.
 */
export async function taskTimeline(
  db: Db,
  organizationId: number,
  taskId: number,
  limit = 50,
): Promise<TimelineEntry[]> {
  const own = await db
    .selectFrom("task_events")
    .where("task_id", "=", taskId)
    .where("organization_id", "=", organizationId)
    .select(["at", "kind", "details"])
    .orderBy("at", "desc")
    .limit(limit)
    .execute();
  const alerts = await sql<{ at: Date; payload: Record<string, unknown> }>`
    select distinct on (payload->>'opening') created_at as at, payload
    from notifications
    where kind = 'slot.alert' and organization_id = ${organizationId}
      and payload->>'taskId' = ${String(taskId)}
    order by payload->>'opening', created_at
    limit ${limit}`.execute(db);
  const alertEntries: TimelineEntry[] = alerts.rows.map((row) => ({
    at: row.at,
    kind: "alert",
    details: {
      warehouseId: row.payload.warehouseId,
      warehouseName: row.payload.warehouseName,
      date: row.payload.date,
      boxTypeId: row.payload.boxTypeId,
      coefficient: row.payload.coefficient,
    },
  }));
  return [...own, ...alertEntries].sort((a, b) => b.at.getTime() - a.at.getTime()).slice(0, limit);
}
