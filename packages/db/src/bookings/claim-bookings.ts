import { sql, type Transaction } from "kysely";
import type { Db } from "../connect.ts";
import type { Database } from "../schema.ts";
import { type BookingEnding, endBooking } from "./end-booking.ts";
import type { BookingLedger } from "./ledger.ts";

/** A booking this worker claimed but no longer runs is taken up again after this long. */
const ORPHAN_AFTER_MS = 30_000;

/** A booking this worker claimed: its intent is written, the portal may now be touched. */
export interface ClaimedBooking {
  id: number;
  taskId: number;
  organizationId: number;
  cabinetId: number;
  warehouseId: number;
  date: string;
  boxTypeId: number;
  coefficient: number;
  priority: number;
  attempts: number;
  workerId: string;
  leaseEpoch: number;
  /** An earlier claim wrote its intent and may have reached WB: read the supply back first. */
  recovering: boolean;
  /** `plan`: plan the preorder (`plan/add`); `replan`: move the planned supply (`plan/update`). */
  kind: "plan" | "replan";
  task: {
    /** The preorder to plan: the task's own, or a draft's preorder made ahead for this warehouse. */
    supplyId: string;
    dryRun: boolean;
    maxCostRub: number | null;
    /** Where WB has the supply planned now (a move's starting point); null before it is booked. */
    planned: { supplyId: number | null; date: string; coefficient: number } | null;
  };
}

export interface ClaimInput {
  workerId: string;
  /** Cabinets whose warm page this worker has: only their bookings are claimed. */
  cabinetIds: readonly number[];
  limit: number;
  /** Only these bookings (the fast path); otherwise any open one of those cabinets. */
  ids?: readonly number[];
  /** Bookings this process is running right now: never claimed again under its feet. */
  running?: readonly number[];
}

/**
 * Claims open bookings of the cabinets this worker holds the portal lease of, most urgent first:
 * `pending` ones, and `attempting` ones whose claim was made under an older lease epoch (their
 * worker died or stalled and the cabinet was taken over) or by this worker and not running any more
 * for half a minute (its end could not be recorded). The claim is the intent: written and
 * committed before the portal is touched. Rows are locked `skip locked`, and a lease is checked in
 * the same statement, so a booking is claimed by one worker at a time whatever races.
 *
 * With a `ledger`, each claim reserves a unit of the organization's allowance in the same
 * transaction; one that cannot (the plan's limit) is ended at once — the task paused, the seller
 * told — and not returned.
 */
export async function claimBookings(db: Db, input: ClaimInput, ledger?: BookingLedger): Promise<ClaimedBooking[]> {
  if (input.cabinetIds.length === 0 || input.limit <= 0) return [];
  return db.transaction().execute(async (trx) => {
    const { rows } = await sql<{
      id: number;
      task_id: number;
      organization_id: number;
      cabinet_id: number;
      warehouse_id: number;
      date: string;
      box_type_id: number;
      coefficient: number;
      priority: number;
      attempts: number;
      lease_epoch: number;
      recovering: boolean;
      supply_id: string;
      dry_run: boolean;
      max_cost_rub: number | null;
      kind: "plan" | "replan";
      planned_supply_id: number | null;
      planned_date: string | null;
      planned_coefficient: number | null;
    }>`
      with c as (
        select b.id, b.intent_at is not null as recovering, l.epoch
          from bookings b
          join portal_leases l on l.cabinet_id = b.cabinet_id
         where l.worker_id = ${input.workerId} and l.lease_until > now()
           and b.cabinet_id = any(${[...input.cabinetIds]}::bigint[])
           and (b.status = 'pending'
                or (b.status = 'attempting' and b.lease_epoch < l.epoch)
                -- Claimed by another worker that has since let the cabinet go (stopped, or killed and
                -- its lease taken over): a released lease's row is gone, so a new one starts again
                -- at epoch 1 and the epoch alone cannot tell. Its late writes are fenced by worker_id.
                or (b.status = 'attempting' and b.worker_id is distinct from l.worker_id)
                -- Claimed by this worker a while ago and not running here: its end could not be recorded.
                or (b.status = 'attempting' and b.worker_id = ${input.workerId}
                    and b.updated_at < now() - ${ORPHAN_AFTER_MS} * interval '1 millisecond'))
           ${input.ids ? sql`and b.id = any(${[...input.ids]}::bigint[])` : sql``}
           and not (b.id = any(${[...(input.running ?? [])]}::bigint[]))
         order by b.priority, b.id
         limit ${input.limit}
           for update of b skip locked
      )
      update bookings b
         set status = 'attempting', worker_id = ${input.workerId}, lease_epoch = c.epoch,
             attempts = b.attempts + 1, intent_at = coalesce(b.intent_at, now()), updated_at = now()
        from c, booking_tasks t
       where b.id = c.id and t.id = b.task_id
      returning b.id, b.task_id, b.organization_id, b.cabinet_id, b.warehouse_id, b.date, b.box_type_id,
                b.coefficient, b.priority, b.attempts, b.lease_epoch, c.recovering,
                -- A draft's preorder at the booking's warehouse (made ahead; the used one for a move).
                coalesce((select p.preorder_id::text from booking_preorders p
                           where p.task_id = b.task_id and p.warehouse_id = b.warehouse_id
                             and p.status in ('ready', 'used') and p.preorder_id is not null),
                         t.supply_id) as supply_id,
                t.dry_run, t.max_cost_rub, b.kind,
                t.planned_supply_id, t.planned_date, t.planned_coefficient`.execute(trx);
    const claimed: ClaimedBooking[] = [];
    const refused: { booking: ClaimedBooking; ending: BookingEnding }[] = [];
    for (const r of rows) {
      const booking: ClaimedBooking = {
        id: r.id,
        taskId: r.task_id,
        organizationId: r.organization_id,
        cabinetId: r.cabinet_id,
        warehouseId: r.warehouse_id,
        date: r.date,
        boxTypeId: r.box_type_id,
        coefficient: r.coefficient,
        priority: r.priority,
        attempts: r.attempts,
        workerId: input.workerId,
        leaseEpoch: r.lease_epoch,
        recovering: r.recovering,
        kind: r.kind,
        task: {
          supplyId: r.supply_id,
          dryRun: r.dry_run,
          maxCostRub: r.max_cost_rub,
          planned:
            r.planned_date !== null && r.planned_coefficient !== null
              ? {
                  supplyId: r.planned_supply_id,
                  date: r.planned_date,
                  coefficient: r.planned_coefficient,
                }
              : null,
        },
      };
      // A move plans nothing new, and a dry run books nothing: neither reserves (nor is charged)
      // anything — a dry run holding a unit could make a real booking beside it fail for the limit.
      const reserved =
        ledger && r.kind === "plan" && !r.dry_run
          ? await ledger.reserve(trx, { organizationId: r.organization_id, bookingId: r.id })
          : null;
      if (reserved && !reserved.ok) {
        const ending: BookingEnding =
          reserved.reason === "trial_over"
            ? { kind: "paused", reason: "booking.trial_over", taskReason: "trial_over" }
            : { kind: "paused", reason: "booking.plan_limit", taskReason: "plan_limit" };
        refused.push({ booking, ending });
        continue;
      }
      claimed.push(booking);
    }
    // Only what will be tried is announced: a booking refused by the plan never says "booking…".
    const starting = new Set(claimed.map((b) => b.id));
    await announce(
      trx,
      // A move is no news to the live status: the supply stays booked whatever happens to it.
      rows.filter((r) => starting.has(r.id) && !r.recovering && r.kind === "plan"),
    );
    for (const { booking, ending } of refused) await endBooking(trx, booking, ending, ledger);
    return claimed;
  });
}

/**
 * The seller sees the booking start: each task's live status moves to "booking…" (the same
 * idempotency key `enqueueTaskStatus` uses, so the notifier edits the one message) and its
 * timeline gets `booking_started` — before the portal is touched, so the status can never arrive
 * after the outcome. One statement for every booking of the claim.
 */
async function announce(
  trx: Transaction<Database>,
  rows: readonly {
    id: number;
    task_id: number;
    organization_id: number;
    warehouse_id: number;
    date: string;
    coefficient: number;
    /** A dry run: the live status says nothing will be booked. */
    dry_run: boolean;
  }[],
): Promise<void> {
  if (rows.length === 0) return;
  const json = JSON.stringify(
    rows.map((r) => ({
      b: r.id,
      t: r.task_id,
      o: r.organization_id,
      w: r.warehouse_id,
      d: r.date,
      k: r.coefficient,
      y: r.dry_run,
    })),
  );
  await sql`
    with c as (
      select c.*, coalesce(w.name, '#' || c.w) as n
        from json_to_recordset(${json}::json) as c(b bigint, t bigint, o bigint, w integer, d text, k integer, y boolean)
        left join warehouses w on w.id = c.w
    ), ev as (
      insert into task_events (task_id, organization_id, kind, details)
      select c.t, c.o, 'booking_started',
             jsonb_build_object('bookingId', c.b, 'warehouseId', c.w, 'date', c.d, 'coefficient', c.k)
        from c
    )
    insert into notifications (organization_id, chat_id, kind, dedupe_key, payload)
    select c.o, u.telegram_id, 'task.status', 'task.status:' || c.t || ':booking:' || c.b || ':' || u.telegram_id,
           jsonb_build_object('taskId', c.t, 'phase', 'booking', 'warehouseName', c.n, 'date', c.d, 'coefficient', c.k,
                              'dryRun', c.y)
      from c
      join memberships m on m.organization_id = c.o
      join users u on u.id = m.user_id
    on conflict (dedupe_key) do nothing`.execute(trx);
}
