import { type AllowanceRefusal, decideAllowance, PLANS, planInForce, tierOf } from "@slotpilot/domain";
import { sql, type Transaction } from "kysely";
import type { Database } from "../schema.ts";
import { enqueueBillingNotice } from "./billing-notices.ts";
import { type Executor, inTransaction, lockPlanState, readPlanState } from "./plan-state.ts";

export type ReserveResult = { ok: true } | { ok: false; reason: AllowanceRefusal };

type BookingRef = string | number;

/** Bookings of the organization's current period that hold a unit (reserved or charged). */
async function heldInPeriod(
  trx: Transaction<Database>,
  organizationId: number,
  periodStart: Date | null,
): Promise<number> {
  if (periodStart === null) return 0;
  const row = await trx
    .selectFrom("booking_allowance")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("organization_id", "=", organizationId)
    .where("source", "=", "plan")
    .where("period_start", "=", periodStart)
    .where("status", "<>", "released")
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Holds one booking against the period's limit, or a pack when the limit is used up. One row per
 * booking id: a second call for the same booking answers as the first did. Works inside the
 * caller's transaction (the booker reserves with its intent); the plan state's row lock makes
 * racing reservations and plan changes take turns, so the limit is never passed.
 */
export function reserveBooking(
  db: Executor,
  input: { organizationId: number; bookingId: BookingRef },
): Promise<ReserveResult> {
  const bookingId = String(input.bookingId);
  return inTransaction(db, async (trx) => {
    const state = await lockPlanState(trx, input.organizationId);
    const existing = await trx
      .selectFrom("booking_allowance")
      .select(["status", "organization_id"])
      .where("booking_id", "=", bookingId)
      .executeTakeFirst();
    if (existing && existing.status !== "released") return { ok: true };
    const now = new Date();
    const decision = decideAllowance(state, await heldInPeriod(trx, input.organizationId, state.periodStart), now);
    if (!decision.ok) return decision;
    const row = {
      organization_id: input.organizationId,
      source: decision.source,
      period_start: decision.source === "plan" ? state.periodStart : null,
      status: "reserved" as const,
    };
    if (existing) {
      await trx
        .updateTable("booking_allowance")
        .set({ ...row, reserved_at: now, settled_at: null })
        .where("booking_id", "=", bookingId)
        .execute();
    } else {
      await trx
        .insertInto("booking_allowance")
        .values({ booking_id: bookingId, ...row, reserved_at: now })
        .execute();
    }
    if (decision.source === "pack") {
      await trx
        .updateTable("plan_states")
        .set({ pack_bookings: sql<number>`pack_bookings - 1`, updated_at: now })
        .where("organization_id", "=", input.organizationId)
        .execute();
    }
    return { ok: true };
  });
}

/** The share of a period's bookings at which the seller is warned (once per period). */
export const USAGE_WARNING_SHARE = 0.8;

/**
 * Confirmed at WB: the reservation becomes usage. Idempotent; a released booking stays released.
 * The booking that reaches 80% of the period's limit queues the seller's warning (once a period),
 * in the same transaction.
 */
export async function chargeBooking(db: Executor, input: { bookingId: BookingRef }): Promise<void> {
  await inTransaction(db, async (trx) => {
    const charged = await trx
      .updateTable("booking_allowance")
      .set({ status: "charged", settled_at: new Date() })
      .where("booking_id", "=", String(input.bookingId))
      .where("status", "=", "reserved")
      .returning(["organization_id", "source", "period_start"])
      .executeTakeFirst();
    if (charged?.source !== "plan" || charged.period_start === null) return;
    const state = await readPlanState(trx, charged.organization_id);
    const plan = planInForce(state, new Date());
    if (plan === null || state.periodStart?.getTime() !== charged.period_start.getTime()) return;
    const limit = PLANS[plan].monthlyBookings;
    const used = await heldInPeriod(trx, charged.organization_id, charged.period_start);
    if (used < Math.ceil(limit * USAGE_WARNING_SHARE)) return;
    await enqueueBillingNotice(
      trx,
      charged.organization_id,
      { notice: "usage_warning", plan, used, limit },
      `usage80:${charged.organization_id}:${charged.period_start.toISOString()}`,
    );
  });
}

/** Failed or gone: the unit returns (to the period, or to the packs it came from). Idempotent. */
export function releaseBooking(db: Executor, input: { bookingId: BookingRef }): Promise<void> {
  const bookingId = String(input.bookingId);
  return inTransaction(db, async (trx) => {
    const row = await trx
      .selectFrom("booking_allowance")
      .select(["organization_id", "source", "status"])
      .where("booking_id", "=", bookingId)
      .executeTakeFirst();
    if (row?.status !== "reserved") return;
    // The plan row first, as reserveBooking locks: the same order, no deadlock.
    await lockPlanState(trx, row.organization_id);
    const released = await trx
      .updateTable("booking_allowance")
      .set({ status: "released", settled_at: new Date() })
      .where("booking_id", "=", bookingId)
      .where("status", "=", "reserved")
      .returning("source")
      .executeTakeFirst();
    if (released?.source === "pack") {
      await trx
        .updateTable("plan_states")
        .set({ pack_bookings: sql<number>`pack_bookings + 1`, updated_at: new Date() })
        .where("organization_id", "=", row.organization_id)
        .execute();
    }
  });
}

/** The tier of the organization's plan in force (0 without one): it feeds matching priority. */
export async function planTierOf(db: Executor, organizationId: number): Promise<number> {
  return tierOf(await readPlanState(db, organizationId), new Date());
}

export interface AllowanceUsage {
  plan: ReturnType<typeof planInForce>;
  limit: number;
  /** Reserved or charged in the current period. */
  used: number;
  charged: number;
  packs: number;
}

/** What the organization has used and has left (for the seller's screens and the 80% warning). */
export async function allowanceUsage(db: Executor, organizationId: number, now = new Date()): Promise<AllowanceUsage> {
  const state = await readPlanState(db, organizationId);
  const plan = planInForce(state, now);
  const rows =
    plan === null || state.periodStart === null
      ? []
      : await db
          .selectFrom("booking_allowance")
          .select(["status", (eb) => eb.fn.countAll<number>().as("n")])
          .where("organization_id", "=", organizationId)
          .where("source", "=", "plan")
          .where("period_start", "=", state.periodStart)
          .where("status", "<>", "released")
          .groupBy("status")
          .execute();
  const count = (status: string) => Number(rows.find((r) => r.status === status)?.n ?? 0);
  return {
    plan,
    limit: plan === null ? 0 : PLANS[plan].monthlyBookings,
    used: count("reserved") + count("charged"),
    charged: count("charged"),
    packs: state.packBookings,
  };
}
