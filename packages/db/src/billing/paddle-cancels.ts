import type { LeftBehind } from "@slotpilot/domain";
import { sql, type Transaction } from "kysely";
import { recordAudit } from "../audit.ts";
import type { Db } from "../connect.ts";
import type { Database } from "../schema.ts";
import { enqueueBillingNotice } from "./billing-notices.ts";
import type { Executor } from "./plan-state.ts";

/**
 * Records, in the caller's transaction, that a card (Paddle) subscription the seller left behind
 * (`leftBehind`) at `at` (the replacing event's time) must be cancelled. Once per subscription.
 */
export async function requestPaddleSubscriptionCancel(
  trx: Transaction<Database>,
  organizationId: number,
  left: LeftBehind,
  at: Date,
): Promise<void> {
  if (left.provider !== "paddle") return;
  await trx
    .insertInto("paddle_subscription_cancels")
    .values({
      subscription_ref: left.subscriptionRef,
      organization_id: organizationId,
      plan: left.plan,
      reason: "superseded",
      requested_at: at,
    })
    .onConflict((oc) => oc.column("subscription_ref").doNothing())
    .execute();
}

/** When the seller replaced this Paddle subscription with another plan (undefined: never replaced). */
export async function paddleSubscriptionReplacedAt(db: Executor, subscriptionRef: string): Promise<Date | undefined> {
  const row = await db
    .selectFrom("paddle_subscription_cancels")
    .select("requested_at")
    .where("subscription_ref", "=", subscriptionRef)
    .executeTakeFirst();
  return row?.requested_at;
}

export interface PendingPaddleSubscriptionCancel {
  subscriptionRef: string;
  organizationId: number;
  plan: string;
  attempts: number;
}

/**
 * Takes the subscriptions still to cancel, oldest first, for `leaseMs`: a run that holds one is the
 * only one to ask Paddle about it, so two runs at once cancel once. A run that dies holding one lets
 * go when the lease lapses, and the next run asks again.
 */
export async function claimPaddleSubscriptionCancels(
  db: Db,
  options: { limit?: number; leaseMs?: number } = {},
): Promise<PendingPaddleSubscriptionCancel[]> {
  const leaseMs = options.leaseMs ?? 2 * 60_000;
  const rows = await db
    .updateTable("paddle_subscription_cancels")
    .set({ claimed_until: sql<Date>`now() + ${leaseMs}::int * interval '1 millisecond'` })
    .where("subscription_ref", "in", (qb) =>
      qb
        .selectFrom("paddle_subscription_cancels")
        .select("subscription_ref")
        .where("status", "=", "pending")
        .where((eb) => eb.or([eb("claimed_until", "is", null), eb("claimed_until", "<", sql<Date>`now()`)]))
        .orderBy("requested_at")
        .limit(options.limit ?? 50)
        .forUpdate()
        .skipLocked(),
    )
    // A row another run claimed and settled between our scan and our lock is read again here.
    .where("status", "=", "pending")
    .returning(["subscription_ref", "organization_id", "plan", "attempts"])
    .execute();
  return rows.map((r) => ({
    subscriptionRef: r.subscription_ref,
    organizationId: r.organization_id,
    plan: r.plan,
    attempts: r.attempts,
  }));
}

/**
 * How one attempt ended: Paddle cancelled the subscription (or it was canceled already), refused
 * for good, or could not be asked.
 */
export type PaddleSubscriptionCancelOutcome =
  | { status: "cancelled"; already?: boolean }
  | { status: "failed"; error: string }
  | { status: "retry"; error: string };

/**
 * Records an attempt and lets the row go. A final one goes to the audit log for admins; a
 * cancellation is also told to the seller, in the same transaction.
 */
export async function settlePaddleSubscriptionCancel(
  db: Db,
  subscriptionRef: string,
  outcome: PaddleSubscriptionCancelOutcome,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable("paddle_subscription_cancels")
      .set({
        attempts: sql<number>`attempts + 1`,
        claimed_until: null,
        ...(outcome.status === "retry"
          ? { last_error: outcome.error.slice(0, 500) }
          : {
              status: outcome.status,
              settled_at: sql<Date>`now()`,
              last_error: outcome.status === "failed" ? outcome.error.slice(0, 500) : null,
            }),
      })
      .where("subscription_ref", "=", subscriptionRef)
      .where("status", "=", "pending")
      .returning(["organization_id", "plan"])
      .executeTakeFirst();
    if (!row || outcome.status === "retry") return;
    await recordAudit(trx, {
      action:
        outcome.status === "cancelled"
          ? "billing.paddle_subscription_cancelled"
          : "billing.paddle_subscription_cancel_failed",
      organizationId: row.organization_id,
      details: {
        subscriptionId: subscriptionRef,
        plan: row.plan,
        ...(outcome.status === "failed" ? { error: outcome.error.slice(0, 200) } : {}),
        ...(outcome.status === "cancelled" && outcome.already ? { already: true } : {}),
      },
    });
    if (outcome.status === "cancelled") {
      await enqueueBillingNotice(
        trx,
        row.organization_id,
        { notice: "card_cancelled", plan: row.plan },
        `paddle_cancelled:${subscriptionRef}`,
      );
    }
  });
}
