import {
  addDays,
  type Catalogue,
  checkStarsOrder,
  isReplacedRenewal,
  PACKS,
  PERIOD_DAYS,
  type PlanEvent,
  parseStarsOrder,
  planInForce,
  type StarsCheck,
} from "@slotpilot/domain";
import type { Transaction } from "kysely";
import { recordAudit } from "../audit.ts";
import type { Db } from "../connect.ts";
import type { Database } from "../schema.ts";
import { enqueueBillingNotice } from "./billing-notices.ts";
import { changePlan, lockPlanState } from "./plan-state.ts";
import { resumeTasksForPlan } from "./plan-tasks.ts";
import { requestStarsRenewalCancel } from "./stars-renewals.ts";

/** Telegram's `successful_payment`, as the bot received it (field names as on the wire). */
export interface StarsSuccessfulPayment {
  currency: string;
  total_amount: number;
  invoice_payload: string;
  subscription_expiration_date?: number;
  is_recurring?: true;
  is_first_recurring?: true;
  telegram_payment_charge_id: string;
  provider_payment_charge_id: string;
}

/**
 * Pre-checkout: the order must be one we made, for an organization that exists, at today's price.
 * Read-only and quick (Telegram waits at most 10 s for the answer).
 */
export async function checkStarsPreCheckout(
  db: Db,
  catalogue: Catalogue,
  query: { invoicePayload: string; currency: string; totalAmount: number },
): Promise<StarsCheck> {
  const check = checkStarsOrder(catalogue, query);
  if (!check.ok) return check;
  const org = await db
    .selectFrom("organizations")
    .select("id")
    .where("id", "=", check.order.organizationId)
    .executeTakeFirst();
  return org ? check : { ok: false, reason: "unknown_order" };
}

/** A Stars subscription is known by its invoice (every renewal carries the same payload). */
export const starsSubscriptionRef = (invoicePayload: string) => `stars:${invoicePayload}`;

export type StarsPaymentOutcome =
  | { outcome: "granted"; organizationId: number }
  | { outcome: "duplicate" }
  /**
   * A renewal of a subscription the seller replaced with another plan: kept on record, the plan
   * left as it is, the renewals stopped, the seller told how to get the Stars back.
   */
  | { outcome: "replaced"; organizationId: number }
  /** Paid, but not for anything we can name (kept on record for an admin; nothing granted). */
  | { outcome: "unrecognized" };

/**
 * A `successful_payment`: recorded once by its `telegram_payment_charge_id`, and what it pays for
 * granted in the same transaction — a plan (first payment or renewal, to the subscription's
 * expiration date), or a pack. Tasks paused for want of a plan hunt again; a receipt is queued.
 * The same payment twice grants once. A plan bought on top of a renewing Stars subscription stops
 * that one's renewals (`changePlan`), and a renewal of it that comes anyway changes nothing.
 */
export function recordStarsPayment(
  db: Db,
  input: { payerTelegramId: number; payment: StarsSuccessfulPayment; at?: Date },
): Promise<StarsPaymentOutcome> {
  const { payment } = input;
  const at = input.at ?? new Date();
  const order = parseStarsOrder(payment.invoice_payload);
  return db.transaction().execute(async (trx) => {
    const org = order
      ? await trx.selectFrom("organizations").select("id").where("id", "=", order.organizationId).executeTakeFirst()
      : undefined;
    // A payment we cannot name is still kept, on the payer's organization, for an admin to look at.
    const owner = org?.id ?? (await payerOrganization(trx, input.payerTelegramId));
    if (owner === undefined) {
      await recordAudit(trx, {
        action: "billing.stars_unrecognized",
        details: {
          chargeId: payment.telegram_payment_charge_id,
          amount: payment.total_amount,
          payer: input.payerTelegramId,
        },
      });
      return { outcome: "unrecognized" };
    }
    const recorded = await trx
      .insertInto("payments")
      .values({
        organization_id: owner,
        provider: "stars",
        provider_ref: payment.telegram_payment_charge_id,
        provider_charge_ref: payment.provider_payment_charge_id,
        product: order ? (order.kind === "plan" ? order.plan : order.pack) : "unknown",
        kind: order?.kind ?? "pack",
        amount: payment.total_amount,
        currency: payment.currency,
        subscription_ref: order?.kind === "plan" ? starsSubscriptionRef(payment.invoice_payload) : null,
        recurring: payment.is_recurring === true,
        payer_telegram_id: input.payerTelegramId,
        paid_at: at,
      })
      .onConflict((oc) => oc.columns(["provider", "provider_ref"]).doNothing())
      .returning("id")
      .executeTakeFirst();
    if (!recorded) return { outcome: "duplicate" };
    if (!order || !org) {
      await recordAudit(trx, {
        action: "billing.stars_unrecognized",
        organizationId: owner,
        details: { chargeId: payment.telegram_payment_charge_id, amount: payment.total_amount },
      });
      return { outcome: "unrecognized" };
    }
    const organizationId = org.id;
    let event: PlanEvent;
    let periodEnd: Date | null = null;
    if (order.kind === "pack") {
      event = { type: "pack_added", pack: order.pack, bookings: PACKS[order.pack].bookings, at };
    } else {
      const ref = starsSubscriptionRef(payment.invoice_payload);
      periodEnd = payment.subscription_expiration_date
        ? new Date(payment.subscription_expiration_date * 1000)
        : addDays(at, PERIOD_DAYS);
      const state = await lockPlanState(trx, organizationId);
      const renewal = payment.is_recurring === true && payment.is_first_recurring !== true;
      if (renewal && isReplacedRenewal(state, ref, at)) {
        await requestStarsRenewalCancel(trx, organizationId, {
          provider: "stars",
          subscriptionRef: ref,
          plan: order.plan,
        });
        await recordAudit(trx, {
          action: "billing.stars_replaced_renewal",
          organizationId,
          details: { chargeId: payment.telegram_payment_charge_id, plan: order.plan, current: state.plan },
        });
        await enqueueBillingNotice(
          trx,
          organizationId,
          {
            notice: "replaced_renewal",
            product: order.plan,
            current: state.plan,
            amount: payment.total_amount,
            currency: payment.currency,
            chargeId: payment.telegram_payment_charge_id,
          },
          `replaced:stars:${payment.telegram_payment_charge_id}`,
        );
        return { outcome: "replaced", organizationId };
      }
      event =
        renewal && state.subscriptionRef === ref && planInForce(state, at) !== null
          ? { type: "renewed", subscriptionRef: ref, at, periodEnd }
          : {
              type: "subscribed",
              plan: order.plan,
              provider: "stars",
              subscriptionRef: ref,
              at,
              periodStart: at,
              periodEnd,
            };
    }
    const change = await changePlan(trx, organizationId, event, {
      dedupeKey: `stars:${payment.telegram_payment_charge_id}`,
    });
    // The plan this one replaced, when its Stars renewals are being stopped (`requestStarsRenewalCancel`).
    const replaced = change.leftBehind;
    await resumeTasksForPlan(trx, organizationId);
    await enqueueBillingNotice(
      trx,
      organizationId,
      {
        notice: "receipt",
        provider: "stars",
        product: order.kind === "plan" ? order.plan : order.pack,
        amount: payment.total_amount,
        currency: payment.currency,
        periodEnd: periodEnd?.toISOString() ?? null,
        chargeId: payment.telegram_payment_charge_id,
        replaces: replaced?.provider === "stars" ? replaced.plan : null,
      },
      `receipt:stars:${payment.telegram_payment_charge_id}`,
    );
    return { outcome: "granted", organizationId };
  });
}

async function payerOrganization(trx: Transaction<Database>, telegramId: number): Promise<number | undefined> {
  const row = await trx
    .selectFrom("users")
    .innerJoin("memberships", "memberships.user_id", "users.id")
    .select("memberships.organization_id")
    .where("users.telegram_id", "=", telegramId)
    .executeTakeFirst();
  return row?.organization_id;
}
