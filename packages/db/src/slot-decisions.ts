import { sql, type Transaction } from "kysely";
import type { Db } from "./connect.ts";
import type { Database } from "./schema.ts";

/** One decision of the slot monitor, as matching made it. */
export interface SlotDecisionInput {
  taskId: number;
  /** Names the opening of the cell: with the task, what makes a decision unique. */
  opening: string;
  action: "book" | "alert";
  warehouseId: number;
  /** `YYYY-MM-DD`. */
  date: string;
  boxTypeId: number;
  coefficient: number;
  priority: number;
}

/** What storing a decision adds to it: its row id and the task's organization and cabinet. */
export interface RecordedSlotDecision {
  id: number;
  organizationId: number;
  cabinetId: number;
}

/**
 * Writes a read's decisions in one statement. Each (task, opening) is stored once: a decision
 * already recorded — the same read repeated after a crash — is skipped, and so is one for a task
 * that was deleted or stopped being active (or watching, re-plan) since it was matched. Returns, for each decision given
 * and in the same order, what storing it added, or undefined when it was not written. Rows are
 * numbered in the order given.
 */
export async function recordSlotDecisions(
  db: Db | Transaction<Database>,
  decisions: readonly SlotDecisionInput[],
  decidedAt: Date,
): Promise<(RecordedSlotDecision | undefined)[]> {
  if (decisions.length === 0) return [];
  // One JSON parameter rather than a bind parameter per value: the statement stays the same size
  // and well inside PostgreSQL's limits however many decisions a read makes. Written by hand, with
  // one-letter keys, because a read at scale makes thousands.
  let json = "[";
  for (let n = 0; n < decisions.length; n++) {
    const d = decisions[n] as SlotDecisionInput;
    json += `${n === 0 ? "" : ","}{"n":${n},"t":${d.taskId},"o":${JSON.stringify(d.opening)},"a":${JSON.stringify(d.action)},"w":${d.warehouseId},"d":${JSON.stringify(d.date)},"b":${d.boxTypeId},"c":${d.coefficient},"p":${d.priority}}`;
  }
  json += "]";
  const written = await sql<{
    task_id: number;
    opening: string;
    id: number;
    organization_id: number;
    cabinet_id: number;
  }>`
    insert into slot_decisions
      (task_id, organization_id, cabinet_id, opening, action, warehouse_id, date, box_type_id, coefficient, priority, decided_at)
    select d.t, t.organization_id, t.cabinet_id, d.o, d.a, d.w, d.d, d.b, d.c, d.p, ${decidedAt}
    from json_to_recordset(${json}::json) as d(
      n integer, t bigint, o text, a text, w integer, d date, b smallint, c smallint, p integer)
    -- Lateral: one primary-key probe per decision, never a scan of every task.
    cross join lateral (
      -- Watching: booked, re-planning (a better cell moves the supply).
      select organization_id, cabinet_id from booking_tasks t where t.id = d.t and t.status in ('active', 'watching')
    ) t
    order by d.n
    on conflict (task_id, opening) do nothing
    returning task_id, opening, id, organization_id, cabinet_id`.execute(db);
  // A task has a decision or a few per read: look rows up by task, then by opening.
  const byTask = new Map<number, (typeof written.rows)[number][]>();
  for (const row of written.rows) {
    const list = byTask.get(row.task_id);
    if (list) list.push(row);
    else byTask.set(row.task_id, [row]);
  }
  return decisions.map((d) => {
    const row = byTask.get(d.taskId)?.find((r) => r.opening === d.opening);
    return row && { id: row.id, organizationId: row.organization_id, cabinetId: row.cabinet_id };
  });
}

/** Decisions about days before `before` (`YYYY-MM-DD`): nothing can act on them any more. */
export async function pruneSlotDecisions(db: Db, before: string): Promise<number> {
  const removed = await db
    .deleteFrom("slot_decisions")
    .where("date", "<", sql<string>`${before}::date`)
    .executeTakeFirst();
  return Number(removed.numDeletedRows);
}
