import { createHmac } from "node:crypto";
import { applyPaddleNotification, readPlanState } from "@slotpilot/db";
import { signInitData, withPaddlePriceIds } from "@slotpilot/domain";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { paddleGateway } from "../paddle/gateway.ts";
import { createTestApi, json } from "../testing.ts";

const SECRET = "pdl_ntfset_01testsecret_abcdefabcdefabcdefabcdef";
const PRICE_IDS = { basic10: "pri_01basic", pro25: "pri_01pro", pack5: "pri_01pack5" };
let api: Awaited<ReturnType<typeof createTestApi>>;
let organizationId: number;

beforeAll(async () => {
  api = await createTestApi(inject("pgAdminUrl"), {
    checkErrorDocs: true,
    mode: "demo",
    env: {
      PADDLE_API_KEY: "pdl_sdbx_apikey_01test",
      PADDLE_WEBHOOK_SECRET: SECRET,
      PADDLE_ENV: "sandbox",
      PADDLE_PRICE_IDS: Object.entries(PRICE_IDS)
        .map(([k, v]) => `${k}=${v}`)
        .join(","),
    },
  });
  const billing = api.deps.config.billing.paddle;
  if (!billing) throw new Error("Paddle is configured in this test");
  api.deps.paddle = paddleGateway(billing);
  const me = await json(await seller("/api/me"));
  organizationId = me.organization.id;
});
afterAll(() => api.close());
afterEach(() => vi.unstubAllGlobals());

const seller = (path: string, init: { method?: string; body?: unknown } = {}) =>
  api.app.request(path, {
    method: init.method ?? "GET",
    headers: {
      authorization: `tma ${signInitData({ user: { id: 4301, first_name: "Олег", language_code: "en" } }, api.deps.config.botToken)}`,
      ...(init.body ? { "content-type": "application/json" } : {}),
    },
    ...(init.body ? { body: JSON.stringify(init.body) } : {}),
  });

/** Signs a body the way Paddle does: `Paddle-Signature: ts=…;h1=HMAC-SHA256(ts + ":" + body)`. */
function signed(body: string, options: { secret?: string; ts?: number } = {}) {
  const ts = options.ts ?? Math.floor(Date.now() / 1000);
  const h1 = createHmac("sha256", options.secret ?? SECRET)
    .update(`${ts}:${body}`)
    .digest("hex");
  return { "content-type": "application/json", "paddle-signature": `ts=${ts};h1=${h1}` };
}

const post = (body: string, headers: Record<string, string>) =>
  api.app.request("/webhooks/paddle", { method: "POST", headers, body });

let eventCounter = 0;
function subscriptionEvent(type: string, at: string, over: Record<string, unknown> = {}) {
  return {
    event_id: `evt_01test${++eventCounter}`,
    event_type: type,
    occurred_at: at,
    notification_id: `ntf_01test${eventCounter}`,
    data: {
      id: "sub_01test",
      status: "active",
      customer_id: "ctm_01test",
      custom_data: { organizationId: String(organizationId) },
      items: [{ price: { id: PRICE_IDS.basic10 }, quantity: 1, status: "active" }],
      current_billing_period: { starts_at: "2030-01-01T00:00:00Z", ends_at: "2030-01-31T00:00:00Z" },
      scheduled_change: null,
      ...over,
    },
  };
}

/** A pack bought by card, as Paddle tells it: `transaction.completed` of one pack5 for 15.00 USD. */
function packTransaction(eventId: string, transactionId: string, at: string) {
  return {
    event_id: eventId,
    event_type: "transaction.completed",
    occurred_at: at,
    data: {
      id: transactionId,
      status: "completed",
      customer_id: "ctm_01test",
      subscription_id: null,
      custom_data: { organizationId: String(organizationId) },
      items: [{ price: { id: PRICE_IDS.pack5 }, quantity: 1 }],
      details: { totals: { grand_total: "1500", currency_code: "USD" } },
    },
  };
}

/** What the worker does with a queued event (the job handler calls exactly this). */
const applyStored = async (eventId: string) =>
  applyPaddleNotification(api.db, withPaddlePriceIds(api.deps.config.billing.paddlePriceIds), eventId);

const storedEvents = async () => (await api.db.selectFrom("paddle_events").select("event_id").execute()).length;

describe("Paddle webhooks", () => {
  it("refuses a forged signature (401) and a replayed old one, storing and changing nothing", async () => {
    const body = JSON.stringify(subscriptionEvent("subscription.created", "2030-01-01T00:00:00Z"));
    const forged = await post(body, signed(body, { secret: "not-the-secret" }));
    expect(forged.status).toBe(401);
    expect((await json(forged)).error.code).toBe("billing.webhook_invalid");
    const replayed = await post(body, signed(body, { ts: Math.floor(Date.now() / 1000) - 3600 }));
    expect(replayed.status).toBe(401);
    const tampered = await post(body.replace("basic", "pro"), signed(body));
    expect(tampered.status).toBe(401);
    const unsigned = await post(body, { "content-type": "application/json" });
    expect(unsigned.status).toBe(401);
    expect(await storedEvents()).toBe(0);
    expect((await readPlanState(api.db, organizationId)).plan).toBe("trial");
  });

  it("a signed body that is JSON but no notification is refused as such, not as broken JSON", async () => {
    const body = JSON.stringify({ data: { id: "sub_01test" } });
    const res = await post(body, signed(body));
    expect(res.status).toBe(400);
    expect((await json(res)).error).toEqual({
      code: "billing.webhook_unreadable",
      message: "The webhook is not a Paddle notification: it lacks its event id, type, time or data.",
    });
    expect(await storedEvents()).toBe(0);
  });

  it("stores a verified event once and queues it; the same event twice is applied once", async () => {
    const event = subscriptionEvent("subscription.created", "2030-01-01T00:00:00Z");
    const body = JSON.stringify(event);
    const first = await post(body, signed(body));
    expect(first.status).toBe(200);
    expect(await json(first)).toEqual({ received: true, duplicate: false });
    // Paddle retries with a fresh signature: acknowledged, not stored or applied again.
    const again = await post(body, signed(body));
    expect(await json(again)).toEqual({ received: true, duplicate: true });
    const queued = await api.deps.queue.stats();
    expect(queued.find((q) => q.queue === "paddle.apply.v1")?.queued).toBe(1);

    expect(await applyStored(event.event_id)).toBe("applied");
    expect(await applyStored(event.event_id)).toBe("already");
    expect(await readPlanState(api.db, organizationId)).toMatchObject({
      plan: "basic10",
      provider: "paddle",
      subscriptionRef: "sub_01test",
      periodEnd: new Date("2030-01-31T00:00:00Z"),
    });
    const changes = await api.db.selectFrom("plan_events").select("type").where("type", "=", "subscribed").execute();
    expect(changes).toHaveLength(1);
  });

  it("subscription.updated arriving before subscription.created ends in the updated state", async () => {
    const updated = subscriptionEvent("subscription.updated", "2030-02-01T00:00:05Z", {
      items: [{ price: { id: PRICE_IDS.pro25 }, quantity: 1 }],
      current_billing_period: { starts_at: "2030-02-01T00:00:00Z", ends_at: "2030-03-03T00:00:00Z" },
      scheduled_change: { action: "cancel", effective_at: "2030-03-03T00:00:00Z" },
    });
    const created = subscriptionEvent("subscription.created", "2030-02-01T00:00:00Z");
    for (const e of [updated, created]) {
      const body = JSON.stringify(e);
      expect((await post(body, signed(body))).status).toBe(200);
      await applyStored(e.event_id);
    }
    // The older `created` changed nothing: pro25, cancelled at period end, access until then.
    expect(await readPlanState(api.db, organizationId)).toMatchObject({
      plan: "pro25",
      renews: false,
      periodEnd: new Date("2030-03-03T00:00:00Z"),
    });
  });

  it("a completed transaction is a payment with a receipt; a pack adds bookings; canceled steps the plan down", async () => {
    const before = (await readPlanState(api.db, organizationId)).packBookings;
    const txn = packTransaction("evt_01txn", "txn_01pack", "2030-02-02T00:00:00Z");
    const canceled = subscriptionEvent("subscription.canceled", "2030-03-03T00:00:01Z", {
      status: "canceled",
      items: [{ price: { id: PRICE_IDS.pro25 }, quantity: 1 }],
      current_billing_period: null,
    });
    for (const e of [txn, canceled]) {
      const body = JSON.stringify(e);
      expect((await post(body, signed(body))).status).toBe(200);
      expect(await applyStored(e.event_id)).toBe("applied");
    }
    const state = await readPlanState(api.db, organizationId);
    expect(state).toMatchObject({ plan: null, endedPlan: "pro25", packBookings: before + 5 });
    expect(await api.db.selectFrom("payments").select(["provider_ref", "amount", "currency"]).execute()).toEqual([
      { provider_ref: "txn_01pack", amount: 1500, currency: "USD" },
    ]);
    const history = await json(await seller("/api/billing/history"));
    expect(history.history[0]).toMatchObject({ kind: "plan_change", type: "stepped_down" });
    expect(history.history.some((h: { kind: string; reference?: string }) => h.reference === "txn_01pack")).toBe(true);
  });

  it("the same transaction told again under another event id grants its pack once", async () => {
    const before = (await readPlanState(api.db, organizationId)).packBookings;
    const told = (eventId: string) => packTransaction(eventId, "txn_01twice", "2030-02-03T00:00:00Z");
    for (const e of [told("evt_01twice_a"), told("evt_01twice_b")]) {
      const body = JSON.stringify(e);
      expect((await post(body, signed(body))).status).toBe(200);
      await applyStored(e.event_id);
    }
    expect((await readPlanState(api.db, organizationId)).packBookings).toBe(before + 5);
    const payments = await api.db.selectFrom("payments").where("provider_ref", "=", "txn_01twice").execute();
    expect(payments).toHaveLength(1);
  });

  it("a pack's approved full refund takes its bookings back once; a pending, partial or credit adjustment changes nothing", async () => {
    const bought = packTransaction("evt_01refundable", "txn_01refund", "2030-02-04T00:00:00Z");
    const adjustment = (eventId: string, type: string, over: Record<string, unknown>) => ({
      event_id: eventId,
      event_type: type,
      occurred_at: "2030-02-05T00:00:00Z",
      data: {
        id: "adj_01test",
        action: "refund",
        type: "full",
        transaction_id: "txn_01refund",
        customer_id: "ctm_01test",
        currency_code: "USD",
        status: "approved",
        ...over,
      },
    });
    const deliver = async (e: { event_id: string }) => {
      const body = JSON.stringify(e);
      expect((await post(body, signed(body))).status).toBe(200);
      return applyStored(e.event_id);
    };
    const packs = async () => (await readPlanState(api.db, organizationId)).packBookings;
    expect(await deliver(bought)).toBe("applied");
    const paid = await packs();

    // Not (yet) a refund of the whole payment: the seller keeps the pack.
    expect(await deliver(adjustment("evt_01adj_pending", "adjustment.created", { status: "pending_approval" }))).toBe(
      "ignored",
    );
    expect(await deliver(adjustment("evt_01adj_partial", "adjustment.updated", { type: "partial" }))).toBe("ignored");
    expect(await deliver(adjustment("evt_01adj_credit", "adjustment.created", { action: "credit" }))).toBe("ignored");
    expect(await packs()).toBe(paid);

    expect(await deliver(adjustment("evt_01adj_approved", "adjustment.updated", {}))).toBe("applied");
    expect(await packs()).toBe(paid - 5);
    const payment = await api.db
      .selectFrom("payments")
      .select("status")
      .where("provider_ref", "=", "txn_01refund")
      .executeTakeFirstOrThrow();
    expect(payment.status).toBe("refunded");
    const notices = await api.db
      .selectFrom("notifications")
      .select("payload")
      .where("kind", "=", "billing.notice")
      .execute();
    expect(notices.filter((n) => (n.payload as { notice?: string }).notice === "refunded")).toHaveLength(1);

    // A chargeback for the same payment afterwards takes nothing twice.
    expect(await deliver(adjustment("evt_01adj_chargeback", "adjustment.created", { action: "chargeback" }))).toBe(
      "ignored",
    );
    expect(await packs()).toBe(paid - 5);
  });

  it("creates a card checkout through the Paddle SDK with the organization in custom_data", async () => {
    const requests: { url: string; body: unknown; auth: string | null }[] = [];
    vi.stubGlobal("fetch", async (url: string, init: RequestInit) => {
      requests.push({ url, body: JSON.parse(String(init.body)), auth: new Headers(init.headers).get("authorization") });
      return new Response(
        JSON.stringify({
          data: {
            id: "txn_01checkout",
            status: "ready",
            custom_data: { organizationId: String(organizationId) },
            items: [{ price_id: PRICE_IDS.pro25, quantity: 1 }],
            payments: [],
            checkout: { url: "https://slotpilot.example/pay?_ptxn=txn_01checkout" },
            created_at: "2030-01-01T00:00:00Z",
            updated_at: "2030-01-01T00:00:00Z",
          },
          meta: { request_id: "req_1" },
        }),
        { status: 201, headers: { "content-type": "application/json" } },
      );
    });
    const res = await seller("/api/billing/checkout", { method: "POST", body: { plan: "pro25", provider: "paddle" } });
    expect(res.status).toBe(200);
    expect((await json(res)).checkout).toEqual({
      provider: "paddle",
      kind: "plan",
      product: "pro25",
      url: "https://slotpilot.example/pay?_ptxn=txn_01checkout",
    });
    expect(requests).toEqual([
      {
        url: "https://sandbox-api.paddle.com/transactions?",
        body: {
          items: [{ price_id: PRICE_IDS.pro25, quantity: 1 }],
          custom_data: { organizationId: String(organizationId) },
        },
        auth: "bearer pdl_sdbx_apikey_01test",
      },
    ]);
  });
});

describe("buying the plan a subscription already pays for", () => {
  it("is refused before any checkout is made, whichever way of paying; another plan is still sold", async () => {
    const renewing = subscriptionEvent("subscription.updated", "2030-04-01T00:00:00Z", {
      current_billing_period: { starts_at: "2030-04-01T00:00:00Z", ends_at: "2030-05-01T00:00:00Z" },
    });
    const body = JSON.stringify(renewing);
    expect((await post(body, signed(body))).status).toBe(200);
    expect(await applyStored(renewing.event_id)).toBe("applied");
    expect(await readPlanState(api.db, organizationId)).toMatchObject({ plan: "basic10", renews: true });
    const calls: string[] = [];
    vi.stubGlobal("fetch", async (url: string) => {
      calls.push(url);
      return new Response("{}", { status: 500 });
    });
    for (const provider of ["paddle", "stars"]) {
      const res = await seller("/api/billing/checkout", { method: "POST", body: { plan: "basic10", provider } });
      expect(res.status).toBe(409);
      expect((await json(res)).error).toEqual({
        code: "billing.already_subscribed",
        message:
          "Basic · 10 is already yours and renews by itself on 1 May: paying for it again would start a second subscription and charge you twice.",
      });
    }
    expect(calls).toEqual([]);
    // An upgrade is not a second copy of the same plan: it reaches Paddle.
    await seller("/api/billing/checkout", { method: "POST", body: { plan: "pro25", provider: "paddle" } });
    expect(calls).toHaveLength(1);
  });
});

describe("without Paddle configured", () => {
  it("shows the card option as unavailable, not broken", async () => {
    const paddle = api.deps.paddle;
    api.deps.paddle = undefined;
    try {
      const view = await json(await seller("/api/billing"));
      expect(view.billing.providers).toEqual({ stars: false, paddle: false });
      const res = await seller("/api/billing/checkout", {
        method: "POST",
        body: { plan: "pro25", provider: "paddle" },
      });
      expect(res.status).toBe(503);
      expect((await json(res)).error.message).toBe(
        "Paying by card is not available here yet. Pay with Telegram Stars in the bot or the Mini App.",
      );
      const bad = await seller("/api/billing/checkout", {
        method: "POST",
        body: { plan: "pro25", pack: "pack5", provider: "stars" },
      });
      expect(bad.status).toBe(400);
      expect((await json(bad)).error.message).toContain("Give either a plan or a pack, not both.");
    } finally {
      api.deps.paddle = paddle;
    }
  });
});
