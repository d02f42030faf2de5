import { sql, type Transaction } from "kysely";
import { TAKES_DECISION } from "./bookings/create-bookings.ts";
import type { Db } from "./connect.ts";
import { type SlotAlert, slotAlertsSql } from "./notifications.ts";
import { PORTAL_CHANNEL } from "./portal-signals.ts";
import type { Database } from "./schema.ts";

/** One decision of the slot monitor, as matching made it. */
export interface DecisionToStore {
  taskId: number;
  organizationId: number;
  /** Names the opening of the cell: with the task, what makes a decision unique. */
  opening: string;
  action: "book" | "alert";
  warehouseId: number;
  /** `YYYY-MM-DD`. */
  date: string;
  boxTypeId: number;
  coefficient: number;
  /** 0 is the most urgent among the decisions of one read. */
  priority: number;
  /** The warehouse's name as the alert shows it (alerts). */
  warehouseName?: string;
}

/** What storing a decision made of it. */
export interface StoredDecisionRow {
  /** The decision's place in the list given. */
  index: number;
  organizationId: number;
  cabinetId: number;
  /** Its `slot_decisions` row: an alert, or a `book` decision its task could not take yet. */
  decisionId: number | null;
  /** The booking a `book` decision became: then the booking is its record, with no decision row. */
  bookingId: number | null;
  /** With a booking: the task's state now, `booking`, or `moving` for a re-plan's move. */
  taskStatus: "booking" | "moving" | null;
}

/**
 * Stores a read's decisions in one statement, whatever their number — atomic by itself, a
 * constant number of round trips:
 *
 * - a `book` decision its task takes (`TAKES_DECISION`) becomes a booking — the durable hand-off to
 *   the booker — and the task moves to `booking` (`moving` for a re-plan), so no second decision
 *   is made for it while this one is in flight; the workers holding those cabinets are woken
 *   (`pg_notify` on the portal channel, delivered at commit);
 * - every other decision is a `slot_decisions` row (a draft's `book` decision waits there for its
 *   preorder, `recordPreorder`);
 * - each alert is queued in the outbox for every member of the organization (`slotAlertsSql`).
 *
 * A decision is stored once per (task, opening), as a decision row or as a booking: one stored
 * already — the same read repeated after a crash — is skipped, and so is one whose task was deleted
 * or stopped hunting (or watching, re-plan) since it was matched. Returns the decisions stored, in
 * the order given. One row per decision, not two: a read at scale makes hundreds of bookings.
 */
export async function storeDecisions(
  db: Db | Transaction<Database>,
  decisions: readonly DecisionToStore[],
  decidedAt: Date,
): Promise<StoredDecisionRow[]> {
  if (decisions.length === 0) return [];
  const book = columnsOf(decisions, "book");
  const alerts = columnsOf(decisions, "alert");
  const { rows } = await sql<{
    n: number;
    decision_id: number | null;
    booking_id: number | null;
    organization_id: number;
    cabinet_id: number;
    kind: "plan" | "replan" | null;
  }>`
    with d as materialized (
      -- The book decisions; the alerts apart (al). Arrays, unnested, and not one JSON recordset:
      -- the planner counts an array's elements, while it takes any recordset for 100 rows and,
      -- at tens of thousands of decisions, joined them row by row (a read at 100,000 tasks that
      -- never finished).
      select * from unnest(${book.n}::integer[], ${book.t}::bigint[], ${book.o}::text[], ${book.w}::integer[],
                           ${book.d}::date[], ${book.b}::smallint[], ${book.c}::smallint[], ${book.p}::integer[])
        as d(n, t, o, w, d, b, c, p)
    ), al as materialized (
      select * from unnest(${alerts.n}::integer[], ${alerts.t}::bigint[], ${alerts.o}::text[], ${alerts.w}::integer[],
                           ${alerts.d}::date[], ${alerts.b}::smallint[], ${alerts.c}::smallint[], ${alerts.p}::integer[],
                           ${alerts.q}::jsonb[])
        as al(n, t, o, w, d, b, c, p, q)
    ), t as materialized (
      -- The tasks by primary key: those hunting, and those watching a booked supply (re-plan).
      select id, organization_id, cabinet_id from booking_tasks
       where id = any(${[...book.t, ...alerts.t]}::bigint[]) and status in ('active', 'watching')
    ), u as (
      update booking_tasks bt
         set status = case when bt.status = 'watching' then 'moving' else 'booking' end, updated_at = now()
        from d
       where bt.id = d.t and ${TAKES_DECISION}
      returning bt.id, bt.organization_id, bt.cabinet_id, bt.status
    ), b as (
      insert into bookings (task_id, organization_id, cabinet_id, opening, warehouse_id, date, box_type_id, coefficient, priority, kind)
      select d.t, u.organization_id, u.cabinet_id, d.o, d.w, d.d, d.b, d.c, d.p,
             case when u.status = 'moving' then 'replan' else 'plan' end
        from d join u on u.id = d.t
       order by d.n
      on conflict do nothing
      returning id, task_id, opening, organization_id, cabinet_id, kind
    ), s as (
      insert into slot_decisions
        (task_id, organization_id, cabinet_id, opening, action, warehouse_id, date, box_type_id, coefficient, priority, decided_at)
      select r.t, t.organization_id, t.cabinet_id, r.o, r.a, r.w, r.d, r.b, r.c, r.p, ${decidedAt}
        from (select n, t, o, 'alert' as a, w, d, b, c, p from al
              union all
              select n, t, o, 'book', w, d, b, c, p from d
               where not exists (select 1 from u where u.id = d.t)
                 and not exists (select 1 from bookings x where x.task_id = d.t and x.opening = d.o)) r
        join t on t.id = r.t
       order by r.n
      on conflict (task_id, opening) do nothing
      returning id, task_id, opening, organization_id, cabinet_id
    ), q as (
      ${slotAlertsSql(sql`select al.n, s.organization_id, al.t as task_id, al.o as opening, al.q as payload
                            from al join s on s.task_id = al.t and s.opening = al.o`)}
    ), woken as (
      select pg_notify(${PORTAL_CHANNEL}, c.cabinet_id::text) from (select distinct cabinet_id from b) c
    )
    select e.n, s.id as decision_id, null::bigint as booking_id, s.organization_id, s.cabinet_id, null as kind
      from s join (select n, t, o from d union all select n, t, o from al) e on e.t = s.task_id and e.o = s.opening
    union all
    select d.n, null, b.id, b.organization_id, b.cabinet_id, b.kind
      from b join d on d.t = b.task_id and d.o = b.opening
    union all
    -- Selected so that it runs: a CTE nothing reads is not executed.
    select -1, null, null, 0, 0, null from woken
    order by 1`.execute(db);
  const stored: StoredDecisionRow[] = [];
  for (const r of rows) {
    if (r.n < 0) continue;
    stored.push({
      index: r.n,
      organizationId: r.organization_id,
      cabinetId: r.cabinet_id,
      decisionId: r.decision_id,
      bookingId: r.booking_id,
      taskStatus: r.kind === null ? null : r.kind === "replan" ? "moving" : "booking",
    });
  }
  return stored;
}

/** One action's decisions as columns, one array each (see `storeDecisions`); an alert carries its message. */
function columnsOf(decisions: readonly DecisionToStore[], action: DecisionToStore["action"]) {
  const columns = {
    n: [] as number[],
    t: [] as number[],
    o: [] as string[],
    w: [] as number[],
    d: [] as string[],
    b: [] as number[],
    c: [] as number[],
    p: [] as number[],
    q: [] as string[],
  };
  decisions.forEach((d, n) => {
    if (d.action !== action) return;
    columns.n.push(n);
    columns.t.push(d.taskId);
    columns.o.push(d.opening);
    columns.w.push(d.warehouseId);
    columns.d.push(d.date);
    columns.b.push(d.boxTypeId);
    columns.c.push(d.coefficient);
    columns.p.push(d.priority);
    if (action === "alert")
      columns.q.push(
        JSON.stringify({
          organizationId: d.organizationId,
          taskId: d.taskId,
          warehouseId: d.warehouseId,
          warehouseName: d.warehouseName ?? `#${d.warehouseId}`,
          date: d.date,
          boxTypeId: d.boxTypeId,
          coefficient: d.coefficient,
          opening: d.opening,
        } satisfies SlotAlert),
      );
  });
  return columns;
}
