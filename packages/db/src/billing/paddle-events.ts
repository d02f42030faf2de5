import {
  type Catalogue,
  interpretPaddle,
  type PaddleNotification,
  planInForce,
  readPaddleNotification,
  refundedTransaction,
} from "@slotpilot/domain";
import type { Transaction } from "kysely";
import { recordAudit } from "../audit.ts";
import type { Db } from "../connect.ts";
import type { Database } from "../schema.ts";
import { enqueueBillingNotice } from "./billing-notices.ts";
import { paddleSubscriptionReplacedAt } from "./paddle-cancels.ts";
import { changePlan, lockPlanState } from "./plan-state.ts";
import { resumeTasksForPlan } from "./plan-tasks.ts";
import { refundPayment } from "./refunds.ts";

/**
 * Keeps a verified Paddle notification once, by its event id, and runs `enqueue` (the job that
 * applies it) in the same transaction. Returns false for an event seen before (Paddle retries
 * deliver the same event id): it is acknowledged and not applied again.
 */
export function storePaddleNotification(
  db: Db,
  notification: PaddleNotification,
  payload: Record<string, unknown>,
  enqueue: (trx: Transaction<Database>) => Promise<unknown>,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto("paddle_events")
      .values({
        event_id: notification.eventId,
        event_type: notification.eventType,
        occurred_at: notification.occurredAt,
        payload: JSON.stringify(payload),
      })
      .onConflict((oc) => oc.column("event_id").doNothing())
      .returning("event_id")
      .executeTakeFirst();
    if (!row) return false;
    await enqueue(trx);
    return true;
  });
}

export type PaddleApplyOutcome = "applied" | "ignored" | "already" | "missing";

/**
 * Applies one stored Paddle notification (the queue's job): what it means becomes plan-change
 * events on the organization named in its custom data (or owning its subscription), a completed
 * transaction is recorded as a payment with a receipt, and the event is marked done — all in one
 * transaction, so a worker killed half-way leaves it to the retry, never half-applied.
 */
export function applyPaddleNotification(db: Db, catalogue: Catalogue, eventId: string): Promise<PaddleApplyOutcome> {
  return db.transaction().execute(async (trx) => {
    const stored = await trx
      .selectFrom("paddle_events")
      .select(["payload", "status"])
      .where("event_id", "=", eventId)
      .forUpdate()
      .executeTakeFirst();
    if (!stored) return "missing";
    if (stored.status !== "pending") return "already";
    const notification = readPaddleNotification(stored.payload);
    const finish = (status: "applied" | "ignored", outcome: string) =>
      trx.updateTable("paddle_events").set({ status, outcome }).where("event_id", "=", eventId).execute();
    // A refund or chargeback takes its payment back, with what it paid for (once per payment).
    const refund = notification ? refundedTransaction(notification) : null;
    if (refund && "ignored" in refund) {
      await finish("ignored", refund.ignored);
      return "ignored";
    }
    if (refund && notification) {
      const done = await refundPayment(trx, {
        provider: "paddle",
        providerRef: refund.transactionId,
        actorUserId: null,
        at: notification.occurredAt,
      });
      await finish(done ? "applied" : "ignored", done ? "refunded" : "no such payment, or refunded already");
      return done ? "applied" : "ignored";
    }
    const meaning = notification
      ? interpretPaddle(catalogue, notification)
      : { ok: false as const, ignored: "unreadable" };
    if (!meaning.ok) {
      await finish("ignored", meaning.ignored);
      return "ignored";
    }
    const organizationId = meaning.organizationId ?? (await subscriptionOwner(trx, meaning.subscriptionId));
    const known = organizationId
      ? await trx.selectFrom("organizations").select("id").where("id", "=", organizationId).executeTakeFirst()
      : undefined;
    if (!known) {
      await finish("ignored", "no organization");
      return "ignored";
    }
    const before = await lockPlanState(trx, known.id);
    // A subscription the seller replaced with another plan never takes the plan back: what Paddle
    // says of it afterwards — the `subscription.canceled` our cancellation brings, a renewal that
    // raced it — is kept on record and changes no plan.
    const replacedAt = meaning.subscriptionId
      ? await paddleSubscriptionReplacedAt(trx, meaning.subscriptionId)
      : undefined;
    // A payment's plan changes are keyed by its transaction, not by the notification: the same
    // transaction told twice (under another event id) grants its pack or period once.
    const source = meaning.payment ? `txn:${meaning.payment.transactionId}` : eventId;
    let index = 0;
    for (const event of replacedAt ? [] : meaning.events) {
      await changePlan(trx, known.id, event, { dedupeKey: `paddle:${source}:${index++}` });
    }
    if (meaning.customerId) {
      await trx
        .updateTable("plan_states")
        .set({ customer_ref: meaning.customerId })
        .where("organization_id", "=", known.id)
        .execute();
    }
    const after = await lockPlanState(trx, known.id);
    const now = new Date();
    if (planInForce(after, now) !== null || after.packBookings > before.packBookings) {
      await resumeTasksForPlan(trx, known.id);
    }
    const payment = meaning.payment;
    if (payment) {
      const recorded = await trx
        .insertInto("payments")
        .values({
          organization_id: known.id,
          provider: "paddle",
          provider_ref: payment.transactionId,
          product: payment.product,
          kind: payment.kind,
          amount: payment.amount,
          currency: payment.currency,
          subscription_ref: meaning.subscriptionId,
          recurring: meaning.subscriptionId !== null,
          paid_at: notification?.occurredAt ?? now,
        })
        .onConflict((oc) => oc.columns(["provider", "provider_ref"]).doNothing())
        .returning("id")
        .executeTakeFirst();
      const at = notification?.occurredAt ?? now;
      if (recorded && replacedAt && at >= replacedAt) {
        // Charged after the seller replaced it (the cancellation had not reached Paddle): the plan
        // stays, and the seller learns how to get the money back.
        await recordAudit(trx, {
          action: "billing.paddle_replaced_renewal",
          organizationId: known.id,
          details: { transactionId: payment.transactionId, plan: payment.product, current: after.plan },
        });
        await enqueueBillingNotice(
          trx,
          known.id,
          {
            notice: "replaced_renewal",
            provider: "paddle",
            product: payment.product,
            current: after.plan,
            amount: payment.amount,
            currency: payment.currency,
            chargeId: payment.transactionId,
          },
          `replaced:paddle:${payment.transactionId}`,
        );
      } else if (recorded) {
        await enqueueBillingNotice(
          trx,
          known.id,
          {
            notice: "receipt",
            provider: "paddle",
            product: payment.product,
            amount: payment.amount,
            currency: payment.currency,
            periodEnd: payment.kind === "plan" ? (after.periodEnd?.toISOString() ?? null) : null,
            chargeId: payment.transactionId,
          },
          `receipt:paddle:${payment.transactionId}`,
        );
      }
    }
    if (replacedAt && !payment) {
      await finish("ignored", "replaced subscription");
      return "ignored";
    }
    if (replacedAt) {
      await finish("applied", "payment of a replaced subscription");
      return "applied";
    }
    await finish("applied", meaning.events.map((e) => e.type).join(",") || "payment");
    return "applied";
  });
}

async function subscriptionOwner(trx: Transaction<Database>, subscriptionId: string | null): Promise<number | null> {
  if (!subscriptionId) return null;
  const state = await trx
    .selectFrom("plan_states")
    .select("organization_id")
    .where("subscription_ref", "=", subscriptionId)
    .executeTakeFirst();
  if (state) return state.organization_id;
  const payment = await trx
    .selectFrom("payments")
    .select("organization_id")
    .where("subscription_ref", "=", subscriptionId)
    .executeTakeFirst();
  return payment?.organization_id ?? null;
}
