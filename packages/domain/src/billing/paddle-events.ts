import { type Catalogue, PACKS, type PackId, type PaidPlanId, productOfPaddlePrice } from "./catalogue.ts";
import type { PlanEvent } from "./plan-events.ts";

/** A Paddle notification as it arrives (its wire format: snake_case), read without trusting it. */
export interface PaddleNotification {
  eventId: string;
  eventType: string;
  occurredAt: Date;
  data: Record<string, unknown>;
}

export function readPaddleNotification(body: unknown): PaddleNotification | null {
  if (typeof body !== "object" || body === null) return null;
  const b = body as Record<string, unknown>;
  const occurredAt = typeof b.occurred_at === "string" ? new Date(b.occurred_at) : null;
  if (typeof b.event_id !== "string" || typeof b.event_type !== "string" || !occurredAt || Number.isNaN(+occurredAt)) {
    return null;
  }
  if (typeof b.data !== "object" || b.data === null) return null;
  return { eventId: b.event_id, eventType: b.event_type, occurredAt, data: b.data as Record<string, unknown> };
}

export interface PaddlePayment {
  transactionId: string;
  kind: "plan" | "pack";
  product: PaidPlanId | PackId;
  /** Minor units of `currency` (Paddle sends totals as strings of minor units). */
  amount: number;
  currency: string;
}

export type PaddleInterpretation =
  | {
      ok: true;
      /** From `custom_data.organizationId` (our checkout puts it there); null = find it by the subscription. */
      organizationId: number | null;
      subscriptionId: string | null;
      customerId: string | null;
      events: PlanEvent[];
      payment: PaddlePayment | null;
    }
  | { ok: false; ignored: string };

const str = (v: unknown): string | null => (typeof v === "string" && v.length > 0 ? v : null);
const obj = (v: unknown): Record<string, unknown> | null =>
  typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
const date = (v: unknown): Date | null => {
  const s = str(v);
  const d = s ? new Date(s) : null;
  return d && !Number.isNaN(+d) ? d : null;
};

function firstPriceId(data: Record<string, unknown>): string | null {
  const items = Array.isArray(data.items) ? data.items : [];
  for (const item of items) {
    const price = obj(obj(item)?.price);
    const id = str(price?.id) ?? str(obj(item)?.price_id);
    if (id) return id;
  }
  return null;
}

function organizationOf(data: Record<string, unknown>): number | null {
  const raw = obj(data.custom_data)?.organizationId;
  const n = typeof raw === "string" ? Number(raw) : typeof raw === "number" ? raw : Number.NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

/** The plan is this subscription's for Paddle's billing period (`{starts_at, ends_at}`), if it has one. */
function subscribedFor(plan: PaidPlanId, subscriptionRef: string, at: Date, billingPeriod: unknown): PlanEvent | null {
  const period = obj(billingPeriod);
  const periodStart = date(period?.starts_at);
  const periodEnd = date(period?.ends_at);
  if (!periodStart || !periodEnd) return null;
  return { type: "subscribed", plan, provider: "paddle", subscriptionRef, at, periodStart, periodEnd };
}

/**
 * What a Paddle notification means for a plan, as plan-change events (payments never touch
 * quotas directly). Subscriptions: active/trialing → `subscribed` with Paddle's billing period (a
 * scheduled cancel adds `cancelled`: access to the period's end); past due → `past_due`; canceled
 * or paused → `stepped_down`. A completed transaction is a payment; without a subscription it is a
 * pack. Events carry Paddle's `occurred_at`, so an older notification never overrides a newer one.
 */
export function interpretPaddle(catalogue: Catalogue, n: PaddleNotification): PaddleInterpretation {
  const data = n.data;
  const at = n.occurredAt;
  const priceId = firstPriceId(data);
  const product = priceId ? productOfPaddlePrice(catalogue, priceId) : null;
  const organizationId = organizationOf(data);
  const customerId = str(data.customer_id);

  if (n.eventType.startsWith("subscription.")) {
    const subscriptionId = str(data.id);
    if (!subscriptionId) return { ok: false, ignored: "no subscription id" };
    if (product?.kind !== "plan") return { ok: false, ignored: `price ${priceId ?? "none"} is not a plan` };
    const status = str(data.status);
    const subscribed = subscribedFor(product.plan, subscriptionId, at, data.current_billing_period);
    const base = { ok: true as const, organizationId, subscriptionId, customerId, payment: null };
    switch (status) {
      case "active":
      case "trialing": {
        if (!subscribed) return { ok: false, ignored: "an active subscription without a billing period" };
        const cancelling = str(obj(data.scheduled_change)?.action) === "cancel";
        return {
          ...base,
          events: cancelling ? [subscribed, { type: "cancelled", subscriptionRef: subscriptionId, at }] : [subscribed],
        };
      }
      case "past_due":
        return {
          ...base,
          events: [...(subscribed ? [subscribed] : []), { type: "past_due", subscriptionRef: subscriptionId, at }],
        };
      case "canceled":
      case "paused":
        return {
          ...base,
          events: [
            {
              type: "stepped_down",
              subscriptionRef: subscriptionId,
              at,
              reason: status === "paused" ? "paused" : "canceled",
            },
          ],
        };
      default:
        return { ok: false, ignored: `subscription status ${status ?? "none"}` };
    }
  }

  if (n.eventType === "transaction.completed") {
    const transactionId = str(data.id);
    if (!transactionId || !product) return { ok: false, ignored: `transaction of price ${priceId ?? "none"}` };
    const totals = obj(obj(data.details)?.totals);
    const amount = Number(str(totals?.grand_total) ?? totals?.grand_total ?? Number.NaN);
    const currency = str(totals?.currency_code) ?? str(data.currency_code);
    if (!Number.isSafeInteger(amount) || !currency) return { ok: false, ignored: "transaction without totals" };
    const subscriptionId = str(data.subscription_id);
    const payment: PaddlePayment = {
      transactionId,
      kind: product.kind,
      product: product.kind === "plan" ? product.plan : product.pack,
      amount,
      currency,
    };
    const events: PlanEvent[] = [];
    if (product.kind === "pack") {
      events.push({ type: "pack_added", pack: product.pack, bookings: PACKS[product.pack].bookings, at });
    } else if (subscriptionId) {
      const subscribed = subscribedFor(product.plan, subscriptionId, at, data.billing_period);
      if (subscribed) events.push(subscribed);
    }
    return { ok: true, organizationId, subscriptionId, customerId, events, payment };
  }
  return { ok: false, ignored: `event ${n.eventType}` };
}

/**
 * A Paddle adjustment that takes a whole payment back: an approved full refund, or a chargeback (a
 * dispute Paddle records on its own). A refund waiting for Paddle's approval, a rejected one, a
 * partial refund or a credit keeps what was bought — those are an admin's call, not this rule's.
 * Null: not an adjustment at all.
 */
export function refundedTransaction(n: PaddleNotification): { transactionId: string } | { ignored: string } | null {
  if (!n.eventType.startsWith("adjustment.")) return null;
  const action = str(n.data.action);
  const status = str(n.data.status);
  const transactionId = str(n.data.transaction_id);
  if (!transactionId) return { ignored: "an adjustment without a transaction" };
  if (action !== "refund" && action !== "chargeback") return { ignored: `adjustment ${action ?? "none"}` };
  if (status !== "approved") return { ignored: `adjustment ${action} ${status ?? "none"}` };
  if (action === "refund" && str(n.data.type) !== "full") return { ignored: "a partial refund" };
  return { transactionId };
}
