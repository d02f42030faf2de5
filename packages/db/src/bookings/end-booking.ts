import type { BookingEnd, TaskEvent, TaskState } from "@slotpilot/domain";
import { callsForFailedBooking, taskEventFor, transition } from "@slotpilot/domain";
import { sql, type Transaction } from "kysely";
import type { Db } from "../connect.ts";
import { type AppEvent, publishEvents } from "../events.ts";
import { enqueueMessages } from "../outbox.ts";
import { enqueueUrgentAlert } from "../sales/urgent-calls.ts";
import type { BookingStatus, Database } from "../schema.ts";
import { recordTaskEvent } from "../task-events.ts";
import { taskSnapshot } from "../task-snapshot.ts";
import { enqueueTaskStatus, type TaskPhase } from "../task-status.ts";
import { settleDraftPreorders } from "./draft-preorders.ts";
import type { BookingLedger } from "./ledger.ts";

/** How a booking ended, with what WB said and what the page showed. */
export type BookingEnding = BookingEnd & {
  supplyId?: number | null;
  /** Rubles, when WB told it. */
  acceptanceCost?: number | null;
  /** The portal page when the booking failed (never session material: see the booker). */
  screenshot?: Buffer | null;
  strategy?: "rpc" | "ui" | null;
};

/** Which booking, and (for a claimed one) the claim that fences the write. */
export interface BookingRef {
  id: number;
  taskId: number;
  organizationId: number;
  warehouseId: number;
  date: string;
  coefficient: number;
  /** A move of the planned supply (re-plan) rather than a plan; absent: a plan. */
  kind?: "plan" | "replan";
  /** The claim: a write from a worker whose claim was superseded changes nothing. */
  workerId?: string;
  leaseEpoch?: number;
}

const STATUS: Record<BookingEnding["kind"], BookingStatus> = {
  confirmed: "confirmed",
  dry_run: "dry_run",
  missed: "missed",
  failed: "failed",
  paused: "failed",
};
const PHASE: Record<BookingEnding["kind"], TaskPhase> = {
  confirmed: "booked",
  dry_run: "searching",
  missed: "missed",
  failed: "failed",
  paused: "paused",
};

/**
 * Ends a booking in the caller's transaction: the row (fenced by its claim), the task's next state
 * by the domain's state machine, the allowance (charged only on a confirmed booking, released
 * otherwise), the task's timeline, the live status message, a message to the seller's chats for
 * what they must know (booked, a dry run's result, a pause, a permanent failure), an urgent alert
 * when it failed near the task's end, and the events for SSE. Returns false, changing nothing, when
 * the claim was superseded (another worker owns it now).
 *
 * A move (re-plan) is quieter: the supply stays booked whatever happens to the move, so a missed
 * move says nothing and rings nobody, and a confirmed one tells the seller the supply moved. It is
 * never charged: the allowance counts bookings, not moves.
 */
export async function endBooking(
  trx: Transaction<Database>,
  booking: BookingRef,
  ending: BookingEnding,
  ledger?: BookingLedger,
): Promise<boolean> {
  const reason = "reason" in ending ? ending.reason : null;
  let update = trx
    .updateTable("bookings")
    .set({
      status: STATUS[ending.kind],
      reason,
      supply_id: ending.supplyId ?? null,
      acceptance_cost:
        ending.acceptanceCost === undefined || ending.acceptanceCost === null ? null : String(ending.acceptanceCost),
      screenshot: ending.screenshot ?? null,
      strategy: ending.strategy ?? null,
      finished_at: sql<Date>`now()`,
      updated_at: sql<Date>`now()`,
    })
    .where("id", "=", booking.id);
  update =
    booking.workerId === undefined
      ? update.where("status", "=", "pending").where("intent_at", "is", null)
      : update
          .where("status", "=", "attempting")
          .where("worker_id", "=", booking.workerId)
          .where("lease_epoch", "=", booking.leaseEpoch ?? -1);
  const ended = await update.returning("id").executeTakeFirst();
  if (!ended) return false;

  const now = new Date();
  const move = booking.kind === "replan";
  const task = await trx
    .selectFrom("booking_tasks")
    .where("id", "=", booking.taskId)
    .select([
      "status",
      "status_reason",
      "date_to",
      "deadline",
      "replan",
      "planned_date",
      "planned_coefficient",
      "max_cost_rub",
    ])
    .forUpdate()
    .executeTakeFirst();
  const events: AppEvent[] = [];
  if (task) {
    const event: TaskEvent =
      ending.kind === "confirmed"
        ? { type: "booking_confirmed", coefficient: booking.coefficient, now }
        : taskEventFor(ending);
    const next = transition(taskSnapshot(task), event);
    // Where WB has the supply now: what matching compares cells with, and what a move names.
    const planned =
      ending.kind === "confirmed"
        ? {
            planned_warehouse_id: booking.warehouseId,
            planned_date: booking.date,
            planned_coefficient: booking.coefficient,
            ...(ending.supplyId ? { planned_supply_id: ending.supplyId } : {}),
          }
        : {};
    if ((next.ok && next.changed) || ending.kind === "confirmed") {
      const updated = await trx
        .updateTable("booking_tasks")
        .set({
          ...(next.ok ? { status: next.state, status_reason: next.reason } : {}),
          ...planned,
          updated_at: now,
        })
        .where("id", "=", booking.taskId)
        .returning("revision")
        .executeTakeFirstOrThrow();
      events.push({
        type: "task.updated",
        organizationId: booking.organizationId,
        taskId: booking.taskId,
        status: next.ok ? next.state : (task.status as TaskState),
        // Unchanged by a miss: the monitor then takes the task back without reading it again.
        revision: updated.revision,
      });
    }
  }
  // A draft booked at one warehouse: the other preorders made ahead are removed (by the worker).
  if (ending.kind === "confirmed" && !move)
    await settleDraftPreorders(trx, { taskId: booking.taskId, warehouseId: booking.warehouseId });
  const slot = { warehouseId: booking.warehouseId, date: booking.date, coefficient: booking.coefficient };
  await recordTaskEvent(trx, {
    taskId: booking.taskId,
    organizationId: booking.organizationId,
    kind: move ? `move_${STATUS[ending.kind]}` : `booking_${STATUS[ending.kind]}`,
    details: { bookingId: booking.id, ...slot, reason, acceptanceCost: ending.acceptanceCost ?? null },
  });
  const warehouse = await trx
    .selectFrom("warehouses")
    .where("id", "=", booking.warehouseId)
    .select("name")
    .executeTakeFirst();
  const warehouseName = warehouse?.name ?? `#${booking.warehouseId}`;
  // The live status shows where the supply is booked now; a missed move changes nothing there.
  if (!(move && ending.kind === "missed")) {
    await enqueueTaskStatus(trx, {
      organizationId: booking.organizationId,
      taskId: booking.taskId,
      phase: PHASE[ending.kind],
      attempt: String(booking.id),
      details: {
        warehouseName,
        date: booking.date,
        coefficient: booking.coefficient,
        ...(reason ? { reasonCode: reason } : {}),
        // Over the ruble cap: the two sums, so the seller reads by how much.
        ...(reason === "booking.cost_over_cap" &&
        typeof ending.acceptanceCost === "number" &&
        task?.max_cost_rub != null
          ? { acceptanceCost: ending.acceptanceCost, maxCostRub: task.max_cost_rub }
          : {}),
      },
    });
  }
  const from =
    move && task?.planned_date && task.planned_coefficient !== null
      ? { date: task.planned_date, coefficient: task.planned_coefficient }
      : null;
  if (ending.kind !== "missed") await tellSeller(trx, booking, ending, warehouseName, from);
  if (!move && task && callsForFailedBooking(ending, { dateTo: task.date_to, deadline: task.deadline }, now))
    await ringMembers(trx, booking, "booking_failed");
  // After the seller's messages: what the charge queues (the 80% warning) follows the "booked" it is about.
  if (ledger && !move) {
    if (ending.kind === "confirmed") await ledger.charge(trx, { bookingId: booking.id });
    else await ledger.release(trx, { bookingId: booking.id });
  }
  events.push({
    type: "booking.updated",
    organizationId: booking.organizationId,
    taskId: booking.taskId,
    bookingId: booking.id,
    status: STATUS[ending.kind],
    reason,
    ...slot,
    acceptanceCost: ending.acceptanceCost ?? null,
  });
  await publishEvents(trx, events);
  return true;
}

/** A new message (the live status is edited in place and does not ring): booked, dry run, paused, failed. */
async function tellSeller(
  trx: Transaction<Database>,
  booking: BookingRef,
  ending: BookingEnding,
  warehouseName: string,
  /** A move: where the supply was planned before it. */
  movedFrom: { date: string; coefficient: number } | null,
): Promise<void> {
  const members = await trx
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .where("memberships.organization_id", "=", booking.organizationId)
    .select("users.telegram_id as chatId")
    .execute();
  const outcome =
    ending.kind === "confirmed" ? (movedFrom ? "moved" : "booked") : ending.kind === "dry_run" ? "dryRun" : ending.kind;
  await enqueueMessages(
    trx,
    members.map((m) => ({
      organizationId: booking.organizationId,
      chatId: m.chatId,
      kind: "booking.result",
      dedupeKey: `booking.result:${booking.id}:${m.chatId}`,
      payload: {
        outcome,
        taskId: booking.taskId,
        warehouseName,
        date: booking.date,
        coefficient: booking.coefficient,
        acceptanceCost: ending.acceptanceCost ?? null,
        reasonCode: "reason" in ending ? ending.reason : null,
        ...(movedFrom ? { previousDate: movedFrom.date, previousCoefficient: movedFrom.coefficient } : {}),
      },
    })),
  );
  // The pause message above is the one message: the alert only rings (for members who opted in).
  if (ending.kind === "paused" && ending.taskReason === "plan_limit") {
    await ringMembers(trx, booking, "plan_limit", { message: false });
  }
}

/**
 * An urgent alert (a call when the member opted in, else the usual message) to every member of the
 * seller's organization, once per booking and member: the key names both, so a booking's end
 * recorded twice (it cannot be: the claim fences it) or retried still rings once.
 */
async function ringMembers(
  trx: Transaction<Database>,
  booking: BookingRef,
  kind: "booking_failed" | "plan_limit",
  options: { message?: boolean } = {},
): Promise<void> {
  const members = await trx
    .selectFrom("memberships")
    .where("organization_id", "=", booking.organizationId)
    .select("user_id")
    .orderBy("user_id")
    .execute();
  for (const m of members) {
    await enqueueUrgentAlert(trx, {
      userId: m.user_id,
      kind,
      key: `${kind}:task:${booking.taskId}:${booking.id}:user:${m.user_id}`,
      params: { taskId: booking.taskId },
      ...(options.message === false ? { message: false } : {}),
    });
  }
}

/** Ends a claimed booking in a transaction of its own. False: the claim was superseded. */
export function finishBooking(
  db: Db,
  booking: BookingRef & { workerId: string; leaseEpoch: number },
  ending: BookingEnding,
  ledger?: BookingLedger,
): Promise<boolean> {
  return db.transaction().execute((trx) => endBooking(trx, booking, ending, ledger));
}

/**
 * Hands a claimed booking back (this worker could not reach the page after all): `pending` again,
 * its intent kept, so whoever claims it next reads the supply back before trying.
 */
export async function unclaimBooking(
  db: Db,
  booking: { id: number; workerId: string; leaseEpoch: number },
): Promise<void> {
  await db
    .updateTable("bookings")
    .set({ status: "pending", worker_id: null, updated_at: sql<Date>`now()` })
    .where("id", "=", booking.id)
    .where("status", "=", "attempting")
    .where("worker_id", "=", booking.workerId)
    .where("lease_epoch", "=", booking.leaseEpoch)
    .execute();
}

/**
 * Bookings nobody started within `maxAgeMs` (no worker holds a warm page of the cabinet): a slot
 * does not wait, so they end as missed and their tasks hunt on. Only bookings that never touched the
 * portal (no intent): one that may have reached WB waits for a worker to read it back.
 */
export async function expireStaleBookings(db: Db, maxAgeMs: number, ledger?: BookingLedger): Promise<number> {
  const stale = await db
    .selectFrom("bookings")
    .where("status", "=", "pending")
    .where("intent_at", "is", null)
    .where("created_at", "<", sql<Date>`now() - ${maxAgeMs} * interval '1 millisecond'`)
    .select(["id", "task_id", "organization_id", "warehouse_id", "date", "coefficient", "kind"])
    .limit(100)
    .execute();
  let ended = 0;
  for (const b of stale) {
    const done = await db.transaction().execute((trx) =>
      endBooking(
        trx,
        {
          id: b.id,
          taskId: b.task_id,
          organizationId: b.organization_id,
          warehouseId: b.warehouse_id,
          date: b.date,
          coefficient: b.coefficient,
          kind: b.kind,
        },
        { kind: "missed", reason: "booking.stale" },
        ledger,
      ),
    );
    if (done) ended += 1;
  }
  return ended;
}
