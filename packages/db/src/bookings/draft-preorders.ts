import { sql, type Transaction } from "kysely";
import type { Db } from "../connect.ts";
import { publishEvents } from "../events.ts";
import type { Database } from "../schema.ts";
import { type CreatedBooking, createBookings } from "./create-bookings.ts";

/** A preorder to make ahead of time: draft task `taskId`'s draft at one of its warehouses. */
export interface PreorderToCreate {
  taskId: number;
  cabinetId: number;
  draftId: string;
  warehouseId: number;
  boxTypeId: number;
  /** An earlier attempt wrote its intent and may have reached WB: adopt before creating. */
  intent: boolean;
}

/** A preorder to remove from the portal (unused after a booking, or its task is over). */
export interface PreorderToRemove {
  id: number;
  cabinetId: number;
  draftId: string;
  warehouseId: number;
  /** Null when its `supply/create` may have reached WB but was never recorded: adopt it first. */
  preorderId: number | null;
}

/** Items the worker is holding back for now (WB refused them lately): left out of the listing. */
export interface DraftWorkSkip {
  create: readonly { taskId: number; warehouseId: number }[];
  /** `booking_preorders` row ids. */
  remove: readonly number[];
}

/**
 * What the draft preorders of the cabinets this worker holds (its portal lease) need now: one
 * preorder per ranked warehouse of every active `book` task of a draft that has none yet, and the
 * removal of every preorder no longer needed — the unused ones after a booking (`removing`) and
 * those of a task that ended without booking (expired, failed) or was deleted. At most `limit` of
 * each, leaving out `skip`, so items waiting out a refusal never crowd out the work behind them.
 */
export async function listDraftWork(
  db: Db,
  input: { workerId: string; cabinetIds: readonly number[]; limit?: number; skip?: DraftWorkSkip },
): Promise<{ create: PreorderToCreate[]; remove: PreorderToRemove[] }> {
  if (input.cabinetIds.length === 0) return { create: [], remove: [] };
  const cabinets = [...input.cabinetIds];
  const limit = input.limit ?? 50;
  const skipCreate = (input.skip?.create ?? []).map((c) => `${c.taskId}:${c.warehouseId}`);
  const skipRemove = [...(input.skip?.remove ?? [])];
  const { rows: create } = await sql<{
    task_id: number;
    cabinet_id: number;
    draft_id: string;
    box_type_id: number;
    warehouse_id: number;
    intent: boolean;
  }>`
    select t.id as task_id, t.cabinet_id, t.supply_id as draft_id, t.box_type_id, w.warehouse_id,
           p.id is not null as intent
      from booking_tasks t
      join portal_leases l on l.cabinet_id = t.cabinet_id and l.worker_id = ${input.workerId} and l.lease_until > now()
     cross join lateral unnest(t.warehouse_ids) as w(warehouse_id)
      left join booking_preorders p on p.task_id = t.id and p.warehouse_id = w.warehouse_id
     where t.cabinet_id = any(${cabinets}::bigint[])
       and t.supply_kind = 'draft' and t.mode = 'book' and t.status = 'active'
       and (p.id is null or p.status = 'creating')
       and (t.id::text || ':' || w.warehouse_id::text) <> all(${skipCreate}::text[])
     order by t.id, array_position(t.warehouse_ids, w.warehouse_id)
     limit ${limit}`.execute(db);
  const { rows: remove } = await sql<{
    id: number;
    cabinet_id: number;
    draft_id: string;
    warehouse_id: number;
    preorder_id: number | null;
  }>`
    select p.id, p.cabinet_id, p.draft_id, p.warehouse_id, p.preorder_id
      from booking_preorders p
      left join booking_tasks t on t.id = p.task_id
      join portal_leases l on l.cabinet_id = p.cabinet_id and l.worker_id = ${input.workerId} and l.lease_until > now()
     where p.cabinet_id = any(${cabinets}::bigint[])
       and (p.status = 'removing'
            or (p.status in ('creating', 'ready') and (t.id is null or t.status in ('expired', 'failed'))))
       and p.id <> all(${skipRemove}::bigint[])
     order by p.id
     limit ${limit}`.execute(db);
  return {
    create: create.map((r) => ({
      taskId: r.task_id,
      cabinetId: r.cabinet_id,
      draftId: r.draft_id,
      warehouseId: r.warehouse_id,
      boxTypeId: r.box_type_id,
      intent: r.intent,
    })),
    remove: remove.map((r) => ({
      id: r.id,
      cabinetId: r.cabinet_id,
      draftId: r.draft_id,
      warehouseId: r.warehouse_id,
      preorderId: r.preorder_id,
    })),
  };
}

/** Writes the intent to make a preorder, before `supply/create` is sent (a repeat changes nothing). */
export async function notePreorderIntent(
  db: Db,
  input: { taskId: number; cabinetId: number; draftId: string; warehouseId: number },
): Promise<void> {
  await db
    .insertInto("booking_preorders")
    .values({
      task_id: input.taskId,
      cabinet_id: input.cabinetId,
      draft_id: input.draftId,
      warehouse_id: input.warehouseId,
    })
    .onConflict((oc) => oc.columns(["task_id", "warehouse_id"]).doNothing())
    .execute();
}

/**
 * The preorder made (or adopted) for a task's warehouse: ready to be planned in one call.
 *
 * A cell may have opened at that warehouse before the preorder existed: its book decision was
 * stored, but could not become a booking (a draft books only through a ready preorder). If that
 * cell is still open as it was decided — same coefficient, unloading allowed, today or later, inside
 * the task's window and caps — it becomes a booking now, in this transaction, exactly as the
 * monitor's hand-off would have made it (the newest such decision; a booking already made for the
 * opening is not made twice). Returns the booking made, if any.
 */
export async function recordPreorder(
  db: Db,
  input: { taskId: number; warehouseId: number; preorderId: number },
): Promise<CreatedBooking | undefined> {
  return db.transaction().execute(async (trx) => {
    const recorded = await trx
      .updateTable("booking_preorders")
      .set({ preorder_id: input.preorderId, status: "ready", updated_at: sql<Date>`now()` })
      .where("task_id", "=", input.taskId)
      .where("warehouse_id", "=", input.warehouseId)
      .where("status", "=", "creating")
      .returning("id")
      .execute();
    if (recorded.length === 0) return undefined;
    const { rows: waiting } = await sql<{
      id: number;
      opening: string;
      date: string;
      box_type_id: number;
      coefficient: number;
      priority: number;
    }>`
      select d.id, d.opening, d.date, d.box_type_id, d.coefficient, d.priority
        from slot_decisions d
        join booking_tasks t on t.id = d.task_id
        join slot_cells c on c.warehouse_id = d.warehouse_id and c.date = d.date and c.box_type_id = d.box_type_id
       where d.task_id = ${input.taskId} and d.warehouse_id = ${input.warehouseId} and d.action = 'book'
         and c.coefficient = d.coefficient and c.allow_unload
         and d.date >= (now() at time zone 'Europe/Moscow')::date
         and d.date between t.date_from and t.date_to and not (d.date = any(t.skip_dates))
         and d.coefficient <= t.max_coefficient
         and not exists (select 1 from bookings b where b.task_id = d.task_id and b.opening = d.opening)
       order by d.decided_at desc, d.id desc
       limit 1`.execute(trx);
    const decision = waiting[0];
    if (!decision) return undefined;
    const [booking] = await createBookings(trx, [
      {
        decisionId: decision.id,
        taskId: input.taskId,
        opening: decision.opening,
        warehouseId: input.warehouseId,
        date: decision.date,
        boxTypeId: decision.box_type_id,
        coefficient: decision.coefficient,
        priority: decision.priority,
      },
    ]);
    if (!booking) return undefined;
    await publishEvents(trx, [
      {
        type: "task.updated",
        organizationId: booking.organizationId,
        taskId: booking.taskId,
        status: booking.taskStatus,
      },
    ]);
    return booking;
  });
}

/** Every preorder id a cabinet's draft tasks hold: a listed preorder not among them is adoptable. */
export async function recordedPreorderIds(db: Db, cabinetId: number): Promise<Set<number>> {
  const rows = await db
    .selectFrom("booking_preorders")
    .where("cabinet_id", "=", cabinetId)
    .where("preorder_id", "is not", null)
    .select("preorder_id")
    .execute();
  return new Set(rows.map((r) => r.preorder_id as number));
}

/** The portal removed it (or it was never made). */
export async function markPreorderRemoved(db: Db, id: number): Promise<void> {
  await db
    .updateTable("booking_preorders")
    .set({ status: "removed", updated_at: sql<Date>`now()` })
    .where("id", "=", id)
    .execute();
}

/**
 * After a draft task's confirmed booking at `warehouseId`, in its transaction: that warehouse's
 * preorder is used, every other one is to be removed.
 */
export async function settleDraftPreorders(
  trx: Transaction<Database>,
  input: { taskId: number; warehouseId: number },
): Promise<void> {
  await trx
    .updateTable("booking_preorders")
    .set((eb) => ({
      status: eb
        .case()
        .when("warehouse_id", "=", input.warehouseId)
        .then(sql<"used">`'used'`)
        .else(sql<"removing">`'removing'`)
        .end(),
      updated_at: sql<Date>`now()`,
    }))
    .where("task_id", "=", input.taskId)
    .where("status", "in", ["creating", "ready"])
    .execute();
}
