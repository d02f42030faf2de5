import { sql, type Transaction } from "kysely";
import { PORTAL_CHANNEL } from "../portal-signals.ts";
import type { Database } from "../schema.ts";

/** A `book` decision stored in `slot_decisions` (a draft's, waiting for its preorder), to be booked now. */
export interface BookDecision {
  decisionId: number;
  taskId: number;
  opening: string;
  warehouseId: number;
  /** `YYYY-MM-DD`. */
  date: string;
  boxTypeId: number;
  coefficient: number;
  priority: number;
}

export interface CreatedBooking {
  id: number;
  taskId: number;
  organizationId: number;
  cabinetId: number;
  /** The task's state now: `booking`, or `moving` for a re-plan's move. */
  taskStatus: "booking" | "moving";
}

/**
 * Whether task `bt` (a `booking_tasks` row, locked by the update this is the condition of) takes
 * decision `d` (columns `t` task, `o` opening, `w` warehouse, `d` date, `c` coefficient) as a
 * booking: an active `book` task of a preorder, or of a draft whose worker made the preorder at
 * that warehouse ahead of time (`booking_preorders`, `ready`; until then the decision stays a
 * decision); or a `watching` task (re-plan) when the cell is still better than where the supply is
 * planned now, at its warehouse — the task index matching used may be a moment older than the last
 * move (the rule is the domain's `isBetterSlot`; this is its guard where bookings are written).
 * Never twice for one opening.
 */
export const TAKES_DECISION = sql`
  bt.mode = 'book'
  and not exists (select 1 from bookings x where x.task_id = d.t and x.opening = d.o)
  and ((bt.status = 'active'
        and (bt.supply_kind = 'preorder'
             or exists (select 1 from booking_preorders p
                         where p.task_id = bt.id and p.warehouse_id = d.w and p.status = 'ready')))
       or (bt.status = 'watching' and d.w = bt.planned_warehouse_id and d.d <> bt.planned_date and d.c >= 0
           and (d.c < bt.planned_coefficient or (d.c = bt.planned_coefficient and d.d < bt.planned_date))))`;

/**
 * Bookings for stored `book` decisions (a draft's decision that waited for its preorder): a
 * `bookings` row per decision its task takes (`TAKES_DECISION`), the task moved to `booking` — or
 * `moving`, a re-plan's move (`kind` `replan`) — so no second decision is recorded for it while
 * this one is in flight. The workers holding the cabinets are woken (`pg_notify` on the portal
 * channel, delivered at commit). One statement however many decisions. The monitor makes its
 * bookings with its decisions (`storeDecisions`).
 */
export async function createBookings(
  trx: Transaction<Database>,
  decisions: readonly BookDecision[],
): Promise<CreatedBooking[]> {
  if (decisions.length === 0) return [];
  const { rows } = await sql<{
    id: number;
    task_id: number;
    organization_id: number;
    cabinet_id: number;
    task_status: "booking" | "moving";
  }>`
    with d as materialized (
      -- Arrays, unnested: the planner counts them (a JSON recordset it takes for 100 rows).
      select * from unnest(${decisions.map((d) => d.decisionId)}::bigint[], ${decisions.map((d) => d.taskId)}::bigint[],
                           ${decisions.map((d) => d.opening)}::text[], ${decisions.map((d) => d.warehouseId)}::integer[],
                           ${decisions.map((d) => d.date)}::date[], ${decisions.map((d) => d.boxTypeId)}::smallint[],
                           ${decisions.map((d) => d.coefficient)}::smallint[], ${decisions.map((d) => d.priority)}::integer[])
        as d(i, t, o, w, d, b, c, p)
    ), t as (
      update booking_tasks bt
         set status = case when bt.status = 'watching' then 'moving' else 'booking' end, updated_at = now()
        from d
       where bt.id = d.t and ${TAKES_DECISION}
      returning bt.id, bt.organization_id, bt.cabinet_id, bt.status
    ), b as (
      insert into bookings (task_id, organization_id, cabinet_id, decision_id, opening, warehouse_id, date, box_type_id, coefficient, priority, kind)
      select d.t, t.organization_id, t.cabinet_id, d.i, d.o, d.w, d.d, d.b, d.c, d.p,
             case when t.status = 'moving' then 'replan' else 'plan' end
        from d join t on t.id = d.t
      on conflict do nothing
      returning id, task_id, organization_id, cabinet_id, kind
    )
    select b.id, b.task_id, b.organization_id, b.cabinet_id,
           case when b.kind = 'replan' then 'moving' else 'booking' end as task_status,
           pg_notify(${PORTAL_CHANNEL}, b.cabinet_id::text)
      from b`.execute(trx);
  return rows.map((r) => ({
    id: r.id,
    taskId: r.task_id,
    organizationId: r.organization_id,
    cabinetId: r.cabinet_id,
    taskStatus: r.task_status,
  }));
}
