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
 * that was deleted or stopped being active since it was matched. Returns the rows this call wrote,
 * in the order given (rows are numbered in that order too).
 */
export async function recordSlotDecisions<D extends SlotDecisionInput>(
  db: Db | Transaction<Database>,
  decisions: readonly D[],
  decidedAt: Date,
): Promise<(D & RecordedSlotDecision)[]> {
  if (decisions.length === 0) return [];
  const rows = decisions.map((d, n) => ({
    n,
    task_id: d.taskId,
    opening: d.opening,
    action: d.action,
    warehouse_id: d.warehouseId,
    date: d.date,
    box_type_id: d.boxTypeId,
    coefficient: d.coefficient,
    priority: d.priority,
  }));
  // One JSON parameter rather than a bind parameter per value: the statement stays the same size
  // and well inside PostgreSQL's limits however many decisions a read makes.
  const written = await sql<{
    task_id: number;
    opening: string;
    id: number;
    organization_id: number;
    cabinet_id: number;
  }>`
    insert into slot_decisions
      (task_id, organization_id, cabinet_id, opening, action, warehouse_id, date, box_type_id, coefficient, priority, decided_at)
    select d.task_id, t.organization_id, t.cabinet_id, d.opening, d.action, d.warehouse_id, d.date, d.box_type_id,
           d.coefficient, d.priority, ${decidedAt}
    from json_to_recordset(${JSON.stringify(rows)}::json) as d(
      n integer, task_id bigint, opening text, action text, warehouse_id integer, date date, box_type_id smallint,
      coefficient smallint, priority integer)
    -- Lateral: one primary-key probe per decision, never a scan of every task.
    cross join lateral (
      select organization_id, cabinet_id from booking_tasks t where t.id = d.task_id and t.status = 'active'
    ) t
    order by d.n
    on conflict (task_id, opening) do nothing
    returning task_id, opening, id, organization_id, cabinet_id`.execute(db);
  const byKey = new Map(written.rows.map((r) => [`${r.task_id}@${r.opening}`, r]));
  const recorded: (D & RecordedSlotDecision)[] = [];
  for (const d of decisions) {
    const row = byKey.get(`${d.taskId}@${d.opening}`);
    if (row) recorded.push({ ...d, id: row.id, organizationId: row.organization_id, cabinetId: row.cabinet_id });
  }
  return recorded;
}

/** Decisions about days before `before` (`YYYY-MM-DD`): nothing can act on them any more. */
export async function pruneSlotDecisions(db: Db, before: string): Promise<number> {
  const removed = await db
    .deleteFrom("slot_decisions")
    .where("date", "<", sql<string>`${before}::date`)
    .executeTakeFirst();
  return Number(removed.numDeletedRows);
}
