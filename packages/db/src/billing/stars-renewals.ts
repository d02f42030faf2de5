import type { LeftBehind } from "@slotpilot/domain";
import { sql, type Transaction } from "kysely";
import { recordAudit } from "../audit.ts";
import type { Db } from "../connect.ts";
import type { Database } from "../schema.ts";
import type { Executor } from "./plan-state.ts";

/** A Stars subscription's first payment: Telegram names the subscription by its charge id. */
export async function firstStarsCharge(
  db: Executor,
  subscriptionRef: string,
): Promise<{ chargeId: string; payerTelegramId: number | null } | undefined> {
  const first = await db
    .selectFrom("payments")
    .select(["provider_ref", "payer_telegram_id"])
    .where("provider", "=", "stars")
    .where("subscription_ref", "=", subscriptionRef)
    .orderBy("paid_at")
    .orderBy("id")
    .limit(1)
    .executeTakeFirst();
  return first && { chargeId: first.provider_ref, payerTelegramId: first.payer_telegram_id };
}

/**
 * Records, in the caller's transaction, that the renewals of a Stars subscription the seller left
 * behind must stop (`leftBehind`). Telegram names a subscription by its first payment, so that
 * payment's charge id and payer are kept beside it. Once per subscription.
 */
export async function requestStarsRenewalCancel(
  trx: Transaction<Database>,
  organizationId: number,
  left: LeftBehind,
): Promise<void> {
  if (left.provider !== "stars") return;
  const first = await firstStarsCharge(trx, left.subscriptionRef);
  if (!first || first.payerTelegramId === null) return;
  await trx
    .insertInto("stars_renewal_cancels")
    .values({
      subscription_ref: left.subscriptionRef,
      organization_id: organizationId,
      payer_telegram_id: first.payerTelegramId,
      first_charge_id: first.chargeId,
      plan: left.plan,
      reason: "superseded",
    })
    .onConflict((oc) => oc.column("subscription_ref").doNothing())
    .execute();
}

export interface PendingStarsRenewalCancel {
  subscriptionRef: string;
  organizationId: number;
  payerTelegramId: number;
  firstChargeId: string;
  plan: string;
  attempts: number;
}

/** The subscriptions whose renewals still have to be stopped, oldest first. */
export async function pendingStarsRenewalCancels(db: Db, limit = 50): Promise<PendingStarsRenewalCancel[]> {
  const rows = await db
    .selectFrom("stars_renewal_cancels")
    .select(["subscription_ref", "organization_id", "payer_telegram_id", "first_charge_id", "plan", "attempts"])
    .where("status", "=", "pending")
    .orderBy("requested_at")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    subscriptionRef: r.subscription_ref,
    organizationId: r.organization_id,
    payerTelegramId: r.payer_telegram_id,
    firstChargeId: r.first_charge_id,
    plan: r.plan,
    attempts: r.attempts,
  }));
}

/** How one attempt ended: Telegram stopped the renewals, refused for good, or could not be asked. */
export type StarsRenewalCancelOutcome =
  | { status: "cancelled" }
  | { status: "failed"; error: string }
  | { status: "retry"; error: string };

/** Records an attempt; a final one (cancelled, failed) goes to the audit log for admins. */
export async function settleStarsRenewalCancel(
  db: Db,
  subscriptionRef: string,
  outcome: StarsRenewalCancelOutcome,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable("stars_renewal_cancels")
      .set({
        attempts: sql<number>`attempts + 1`,
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
      .returning(["organization_id", "first_charge_id", "plan"])
      .executeTakeFirst();
    if (!row || outcome.status === "retry") return;
    await recordAudit(trx, {
      action:
        outcome.status === "cancelled" ? "billing.stars_renewal_cancelled" : "billing.stars_renewal_cancel_failed",
      organizationId: row.organization_id,
      details: {
        chargeId: row.first_charge_id,
        plan: row.plan,
        ...(outcome.status === "failed" ? { error: outcome.error.slice(0, 200) } : {}),
      },
    });
  });
}
