import { MATCHED_STATES } from "@slotpilot/domain";
import { sql } from "kysely";
import type { Db } from "../connect.ts";

export interface HuntingCabinet {
  cabinetId: number;
  /**
   * The preorder a booking by clicks would most likely plan: the oldest hunting task's (a draft's:
   * the one made ahead at its best-ranked warehouse). Null when none hunts for a new slot now (a
   * re-plan's watching task moves its supply over JSON-RPC only).
   */
  preorderId: number | null;
}

/**
 * Which of these cabinets may book any moment now: they have a `book` task that is not a dry run
 * in a state matching looks at (hunting, or watching for a better day to move to). The booker gets
 * their pages ready for it ahead — the planning challenge solved (JSON-RPC), or the supply's page
 * open (clicking) — and only theirs.
 */
export async function huntingCabinets(db: Db, cabinetIds: readonly number[]): Promise<HuntingCabinet[]> {
  if (cabinetIds.length === 0) return [];
  const { rows } = await sql<{ cabinet_id: number; preorder_id: number | null }>`
    select distinct on (t.cabinet_id) t.cabinet_id,
           case when t.status <> 'active' then null
                when t.supply_kind = 'preorder' then
                  case when t.supply_id ~ '^[0-9]{1,18}$' then t.supply_id::bigint end
                else (select p.preorder_id from booking_preorders p
                       where p.task_id = t.id and p.status = 'ready'
                       order by array_position(t.warehouse_ids, p.warehouse_id) limit 1)
           end as preorder_id
      from booking_tasks t
     where t.cabinet_id = any(${[...cabinetIds]}::bigint[]) and t.mode = 'book' and not t.dry_run
       and t.status = any(${[...MATCHED_STATES]}::text[])
     -- A hunting task first, the oldest among them.
     order by t.cabinet_id, t.status <> 'active', t.created_at, t.id`.execute(db);
  return rows.map((r) => ({
    cabinetId: Number(r.cabinet_id),
    preorderId: r.preorder_id === null ? null : Number(r.preorder_id),
  }));
}
