import { isPackId, PACKS } from "@slotpilot/domain";
import type { Transaction } from "kysely";
import { recordAudit } from "../audit.ts";
import type { Db } from "../connect.ts";
import type { Database } from "../schema.ts";
import { enqueueBillingNotice } from "./billing-notices.ts";
import { changePlan, lockPlanState } from "./plan-state.ts";
import { firstStarsCharge } from "./stars-renewals.ts";

export interface RefundablePayment {
  id: number;
  organizationId: number;
  payerTelegramId: number | null;
  product: string;
  kind: "plan" | "pack";
  amount: number;
  currency: string;
  status: "paid" | "refunded";
  subscriptionRef: string | null;
  /** The subscription's first charge (Telegram cancels renewals by it). */
  firstChargeId: string | null;
}

/** A Stars payment by its `telegram_payment_charge_id`, or undefined. */
export async function findStarsPayment(db: Db, chargeId: string): Promise<RefundablePayment | undefined> {
  const row = await db
    .selectFrom("payments")
    .selectAll()
    .where("provider", "=", "stars")
    .where("provider_ref", "=", chargeId)
    .executeTakeFirst();
  if (!row) return undefined;
  const first = row.subscription_ref ? await firstStarsCharge(db, row.subscription_ref) : undefined;
  return {
    id: row.id,
    organizationId: row.organization_id,
    payerTelegramId: row.payer_telegram_id,
    product: row.product,
    kind: row.kind,
    amount: row.amount,
    currency: row.currency,
    status: row.status,
    subscriptionRef: row.subscription_ref,
    firstChargeId: first?.chargeId ?? null,
  };
}

/**
 * Records a refund the provider has made: the payment is marked refunded and what it paid for is
 * taken back through plan-change events — the subscription's plan steps down now, a pack's bookings
 * leave the balance. Once per payment; the seller is told. Returns false when it was refunded already.
 */
export function recordRefund(db: Db, input: RefundInput): Promise<boolean> {
  return db.transaction().execute((trx) => refundPayment(trx, input));
}

interface RefundInput {
  provider: "stars" | "paddle";
  providerRef: string;
  actorUserId: number | null;
  at?: Date;
}

/** `recordRefund` inside a transaction the caller holds (a Paddle adjustment applied with its event). */
export async function refundPayment(trx: Transaction<Database>, input: RefundInput): Promise<boolean> {
  const at = input.at ?? new Date();
  const payment = await trx
    .selectFrom("payments")
    .selectAll()
    .where("provider", "=", input.provider)
    .where("provider_ref", "=", input.providerRef)
    .forUpdate()
    .executeTakeFirst();
  if (!payment || payment.status === "refunded") return false;
  await lockPlanState(trx, payment.organization_id);
  await trx.updateTable("payments").set({ status: "refunded", refunded_at: at }).where("id", "=", payment.id).execute();
  const dedupeKey = `refund:${input.provider}:${input.providerRef}`;
  if (payment.kind === "pack" && isPackId(payment.product)) {
    await changePlan(
      trx,
      payment.organization_id,
      { type: "pack_refunded", pack: payment.product, bookings: PACKS[payment.product].bookings, at },
      { dedupeKey, actorUserId: input.actorUserId },
    );
  } else if (payment.kind === "plan" && payment.subscription_ref) {
    await changePlan(
      trx,
      payment.organization_id,
      { type: "stepped_down", at, reason: "refunded", subscriptionRef: payment.subscription_ref },
      { dedupeKey, actorUserId: input.actorUserId },
    );
  }
  await recordAudit(trx, {
    action: "billing.refunded",
    actorUserId: input.actorUserId,
    organizationId: payment.organization_id,
    details: { provider: input.provider, providerRef: input.providerRef, amount: payment.amount },
  });
  await enqueueBillingNotice(
    trx,
    payment.organization_id,
    { notice: "refunded", product: payment.product, amount: payment.amount, currency: payment.currency },
    dedupeKey,
  );
  return true;
}
