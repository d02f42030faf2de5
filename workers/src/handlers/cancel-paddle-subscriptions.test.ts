import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  applyPaddleNotification,
  grantPlan,
  readPlanState,
  recordStarsPayment,
  storePaddleNotification,
  upsertTelegramUser,
} from "@slotpilot/db";
import { createTestDatabase, type TestDatabase } from "@slotpilot/db/testing";
import { encodeStarsOrder, PLANS, readPaddleNotification, withPaddlePriceIds } from "@slotpilot/domain";
import { cancelPaddleSubscriptions as cancelPaddleSubscriptionsJob, JobQueue } from "@slotpilot/jobs";
import { createLogger, silentLogger } from "@slotpilot/observability";
import { paddleGateway } from "@slotpilot/paddle";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { runWorkers } from "../run-workers.ts";
import { cancelPaddleSubscriptions } from "./cancel-paddle-subscriptions.ts";

const PRICE_IDS = { basic10: "pri_01basic", pro25: "pri_01pro" };
const catalogue = withPaddlePriceIds(PRICE_IDS);
const API_KEY = "pdl_sdbx_apikey_01test";

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase(inject("pgAdminUrl"));
});
afterAll(() => test.drop());

/** One answer of Paddle's API: a status and a body as Paddle sends it (JSON, or a proxy's HTML page). */
type Answer = { status: number; body: unknown };
const ok = (subscriptionId: string): Answer => ({
  status: 200,
  body: {
    data: {
      id: subscriptionId,
      status: "canceled",
      customer_id: "ctm_01test",
      address_id: "add_01test",
      business_id: null,
      currency_code: "USD",
      created_at: "2030-01-01T00:00:00Z",
      updated_at: new Date().toISOString(),
      started_at: "2030-01-01T00:00:00Z",
      first_billed_at: "2030-01-01T00:00:00Z",
      next_billed_at: null,
      paused_at: null,
      canceled_at: new Date().toISOString(),
      discount: null,
      collection_mode: "automatic",
      billing_details: null,
      current_billing_period: null,
      billing_cycle: { interval: "month", frequency: 1 },
      scheduled_change: null,
      management_urls: null,
      items: [],
      custom_data: null,
      import_meta: null,
    },
    meta: { request_id: "req_01test" },
  },
});
const paddleError = (status: number, type: string, code: string, detail: string): Answer => ({
  status,
  body: {
    error: { type, code, detail, documentation_url: `https://developer.paddle.com/errors/${code}` },
    meta: { request_id: "req_01test" },
  },
});

/**
 * Paddle's API as a local HTTP server at its wire format: records every request (the real SDK
 * makes them) and answers as `answer` says for the subscription in the path.
 */
async function paddleApi(answer: (subscriptionId: string) => Answer | Promise<Answer>) {
  const calls: { method: string; path: string; authorization: string | undefined; body: unknown }[] = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = req.url ?? "";
    calls.push({
      method: req.method ?? "",
      path,
      authorization: req.headers.authorization,
      body: chunks.length ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : null,
    });
    const id = /^\/subscriptions\/([^/]+)\/cancel$/.exec(path)?.[1];
    const reply = id
      ? await answer(decodeURIComponent(id))
      : paddleError(404, "request_error", "not_found", "no such route");
    const html = typeof reply.body === "string";
    res.writeHead(reply.status, { "content-type": html ? "text/html" : "application/json" });
    res.end(html ? reply.body : JSON.stringify(reply.body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const gateway = paddleGateway({
    apiKey: API_KEY,
    webhookSecret: "pdl_ntfset_01test",
    environment: "sandbox",
    baseUrl: `http://127.0.0.1:${port}`,
  });
  return {
    gateway,
    calls,
    cancels: () => calls.filter((c) => c.method === "POST" && c.path.endsWith("/cancel")),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let nextSeller = 52_000;
async function seller() {
  const telegramId = nextSeller++;
  const { organization } = await upsertTelegramUser(test.db, { telegramId, firstName: "Vera" }, { isAdmin: false });
  return { telegramId, organizationId: organization.id };
}

let eventCounter = 0;
/** A Paddle notification as the webhook stores it, applied as the `paddle.apply` job applies it. */
async function paddleEvent(type: string, at: Date, data: Record<string, unknown>) {
  const payload = {
    event_id: `evt_01cancel${++eventCounter}`,
    event_type: type,
    occurred_at: at.toISOString(),
    notification_id: `ntf_01cancel${eventCounter}`,
    data,
  };
  const notification = readPaddleNotification(payload);
  if (!notification) throw new Error("a test notification must read");
  await storePaddleNotification(test.db, notification, payload, async () => {});
  return applyPaddleNotification(test.db, catalogue, payload.event_id);
}

const DAY = 86_400_000;

/** Paddle's `subscription.*` data for one of our card subscriptions. */
function subscriptionData(
  organizationId: number,
  id: string,
  plan: "basic10" | "pro25",
  from: Date,
  over: Record<string, unknown> = {},
) {
  return {
    id,
    status: "active",
    customer_id: "ctm_01test",
    custom_data: { organizationId: String(organizationId) },
    items: [{ price: { id: PRICE_IDS[plan] }, quantity: 1, status: "active" }],
    current_billing_period: {
      starts_at: from.toISOString(),
      ends_at: new Date(from.getTime() + 30 * DAY).toISOString(),
    },
    scheduled_change: null,
    ...over,
  };
}

/** The seller pays Basic by card, then buys Pro with Stars on top of it. */
async function cardThenStars(subscriptionId: string) {
  const { telegramId, organizationId } = await seller();
  const t0 = new Date(Date.now() - 3 * DAY);
  expect(
    await paddleEvent("subscription.created", t0, subscriptionData(organizationId, subscriptionId, "basic10", t0)),
  ).toBe("applied");
  expect(await readPlanState(test.db, organizationId)).toMatchObject({
    plan: "basic10",
    provider: "paddle",
    subscriptionRef: subscriptionId,
  });
  const at = new Date(Date.now() - DAY);
  const charge = `stx${subscriptionId}`;
  await recordStarsPayment(test.db, {
    payerTelegramId: telegramId,
    at,
    payment: {
      currency: "XTR",
      total_amount: PLANS.pro25.stars,
      invoice_payload: encodeStarsOrder({
        kind: "plan",
        plan: "pro25",
        organizationId,
        stars: PLANS.pro25.stars,
        nonce: subscriptionId,
      }),
      subscription_expiration_date: Math.floor(at.getTime() / 1000) + 30 * 86_400,
      is_recurring: true,
      is_first_recurring: true,
      telegram_payment_charge_id: charge,
      provider_payment_charge_id: `p-${charge}`,
    },
  });
  return { telegramId, organizationId, t0 };
}

const cancelRow = (subscriptionRef: string) =>
  test.db
    .selectFrom("paddle_subscription_cancels")
    .select(["status", "attempts", "last_error", "plan"])
    .where("subscription_ref", "=", subscriptionRef)
    .executeTakeFirst();

const notices = (organizationId: number) =>
  test.db
    .selectFrom("notifications")
    .select("payload")
    .where("organization_id", "=", organizationId)
    .where("kind", "=", "billing.notice")
    .orderBy("id")
    .execute()
    .then((rows) => rows.map((r) => r.payload as Record<string, unknown>));

const audits = (organizationId: number) =>
  test.db
    .selectFrom("audit_log")
    .select(["action", "details"])
    .where("organization_id", "=", organizationId)
    .where("action", "like", "billing.paddle%")
    .orderBy("id")
    .execute();

describe("a plan bought on top of a card subscription", () => {
  it("cancels the card subscription once (two runs at once), tells the seller, and Paddle's later word on it changes nothing", async () => {
    const { organizationId, t0 } = await cardThenStars("sub_01once");
    const pro = await readPlanState(test.db, organizationId);
    expect(pro).toMatchObject({ plan: "pro25", provider: "stars" });
    expect(await cancelRow("sub_01once")).toMatchObject({ status: "pending", attempts: 0, plan: "basic10" });

    // Paddle answers slowly, so both runs are in flight together.
    const paddle = await paddleApi(async (id) => {
      await new Promise((r) => setTimeout(r, 200));
      return ok(id);
    });
    try {
      const run = cancelPaddleSubscriptions({ db: test.db, log: silentLogger, paddle: paddle.gateway });
      await Promise.all([run(), run()]);
      expect(paddle.cancels()).toEqual([
        {
          method: "POST",
          path: "/subscriptions/sub_01once/cancel",
          authorization: `bearer ${API_KEY}`,
          // At once, not at the period's end: the new plan is already in force.
          body: { effective_from: "immediately" },
        },
      ]);
      await run();
      expect(paddle.cancels()).toHaveLength(1);
    } finally {
      await paddle.close();
    }
    expect(await cancelRow("sub_01once")).toMatchObject({ status: "cancelled", attempts: 1, last_error: null });
    expect((await audits(organizationId)).map((a) => a.action)).toEqual(["billing.paddle_subscription_cancelled"]);
    expect((await notices(organizationId)).filter((n) => n.notice === "card_cancelled")).toEqual([
      { notice: "card_cancelled", plan: "basic10" },
    ]);

    // Paddle then tells what it did (`subscription.updated`, then `subscription.canceled`), and a
    // renewal that raced the cancellation arrives late: the seller stays on Pro by Stars.
    const now = new Date();
    const canceled = { status: "canceled", canceled_at: now.toISOString(), current_billing_period: null };
    const old = (over: Record<string, unknown>, from = t0) =>
      subscriptionData(organizationId, "sub_01once", "basic10", from, over);
    expect(await paddleEvent("subscription.updated", now, old(canceled))).toBe("ignored");
    expect(await paddleEvent("subscription.canceled", now, old(canceled))).toBe("ignored");
    const renewedFrom = new Date(t0.getTime() + 30 * DAY);
    expect(await paddleEvent("subscription.updated", new Date(now.getTime() - 1000), old({}, renewedFrom))).toBe(
      "ignored",
    );
    expect(
      await paddleEvent("transaction.completed", new Date(now.getTime() - 1000), {
        id: "txn_01raced",
        status: "completed",
        customer_id: "ctm_01test",
        subscription_id: "sub_01once",
        custom_data: { organizationId: String(organizationId) },
        items: [{ price: { id: PRICE_IDS.basic10 }, quantity: 1 }],
        details: { totals: { grand_total: "2900", currency_code: "USD" } },
        billing_period: {
          starts_at: renewedFrom.toISOString(),
          ends_at: new Date(renewedFrom.getTime() + 30 * DAY).toISOString(),
        },
      }),
    ).toBe("applied");
    expect(await readPlanState(test.db, organizationId)).toEqual(pro);
    // The raced charge is on record, and the seller is told how to get it back.
    const raced = await test.db
      .selectFrom("payments")
      .select(["amount", "status"])
      .where("provider_ref", "=", "txn_01raced")
      .executeTakeFirst();
    expect(raced).toEqual({ amount: 2900, status: "paid" });
    expect((await notices(organizationId)).at(-1)).toMatchObject({
      notice: "replaced_renewal",
      provider: "paddle",
      product: "basic10",
      current: "pro25",
      chargeId: "txn_01raced",
    });
  });

  it("Paddle unreachable, rate-limiting or failing (5xx): tried again on the next run, then cancelled", async () => {
    const { organizationId } = await cardThenStars("sub_01retry");
    const answers: Answer[] = [
      paddleError(429, "api_error", "too_many_requests", "IP address exceeded the allowed rate limit."),
      { status: 502, body: "<html><body>502 Bad Gateway</body></html>" },
      paddleError(500, "api_error", "internal_error", "An internal error occurred."),
    ];
    const paddle = await paddleApi((id) => answers.shift() ?? ok(id));
    try {
      const run = cancelPaddleSubscriptions({ db: test.db, log: silentLogger, paddle: paddle.gateway });
      for (const attempts of [1, 2, 3]) {
        await run();
        expect(await cancelRow("sub_01retry")).toMatchObject({ status: "pending", attempts });
        expect((await notices(organizationId)).some((n) => n.notice === "card_cancelled")).toBe(false);
      }
      await run();
      expect(paddle.cancels()).toHaveLength(4);
    } finally {
      await paddle.close();
    }
    expect(await cancelRow("sub_01retry")).toMatchObject({ status: "cancelled", attempts: 4, last_error: null });
    expect((await notices(organizationId)).filter((n) => n.notice === "card_cancelled")).toHaveLength(1);
  });

  it("Paddle refusing (4xx) is final: failed, audited and logged, the seller not told it is done; one already canceled counts as done", async () => {
    const refused = await cardThenStars("sub_01refused");
    const gone = await cardThenStars("sub_01gone");
    const paddle = await paddleApi((id) =>
      id === "sub_01refused"
        ? paddleError(404, "request_error", "not_found", "Entity sub_01refused not found")
        : paddleError(
            400,
            "request_error",
            "subscription_is_canceled_action_invalid",
            "action can't be performed on canceled subscription",
          ),
    );
    const lines: { level: string; line: Record<string, unknown> }[] = [];
    const log = createLogger({ write: (line, level) => void lines.push({ level, line: JSON.parse(line) }) });
    try {
      const run = cancelPaddleSubscriptions({ db: test.db, log, paddle: paddle.gateway });
      await run();
      await run();
      expect(paddle.cancels().map((c) => c.path)).toEqual([
        "/subscriptions/sub_01refused/cancel",
        "/subscriptions/sub_01gone/cancel",
      ]);
    } finally {
      await paddle.close();
    }
    expect(await cancelRow("sub_01refused")).toMatchObject({
      status: "failed",
      attempts: 1,
      last_error: expect.stringContaining("not_found"),
    });
    expect(await audits(refused.organizationId)).toEqual([
      {
        action: "billing.paddle_subscription_cancel_failed",
        details: expect.objectContaining({ subscriptionId: "sub_01refused", plan: "basic10" }),
      },
    ]);
    expect(lines).toContainEqual({
      level: "warn",
      line: expect.objectContaining({
        msg: "card subscription not cancelled; given up",
        subscriptionId: "sub_01refused",
        error: expect.stringContaining("not_found"),
      }),
    });
    expect((await notices(refused.organizationId)).some((n) => n.notice === "card_cancelled")).toBe(false);

    // The seller had cancelled it in Paddle's portal already: nothing more to do, and true to say.
    expect(await cancelRow("sub_01gone")).toMatchObject({ status: "cancelled", attempts: 1 });
    expect((await notices(gone.organizationId)).filter((n) => n.notice === "card_cancelled")).toHaveLength(1);
  });

  it("cancels a card subscription replaced by another card subscription, never one an admin's grant covered", async () => {
    const t0 = new Date(Date.now() - 3 * DAY);
    // An admin's /grant on top of a paying seller: a gift, not a reason to stop their subscription.
    const gifted = await seller();
    await paddleEvent(
      "subscription.created",
      t0,
      subscriptionData(gifted.organizationId, "sub_01gifted", "basic10", t0),
    );
    const admin = await upsertTelegramUser(test.db, { telegramId: 52_999, firstName: "Admin" }, { isAdmin: true });
    const granted = await grantPlan(test.db, {
      telegramId: gifted.telegramId,
      plan: "pro25",
      adminUserId: admin.user.id,
      adminTelegramId: 52_999,
      at: new Date(t0.getTime() + DAY),
    });
    expect(granted?.state.plan).toBe("pro25");
    expect(await cancelRow("sub_01gifted")).toBeUndefined();

    // A seller buys Pro by card on top of Basic by card: Basic is cancelled, Pro never.
    const { organizationId } = await seller();
    await paddleEvent("subscription.created", t0, subscriptionData(organizationId, "sub_01first", "basic10", t0));
    const t1 = new Date(t0.getTime() + DAY);
    await paddleEvent("subscription.created", t1, subscriptionData(organizationId, "sub_01second", "pro25", t1));
    expect(await readPlanState(test.db, organizationId)).toMatchObject({
      plan: "pro25",
      subscriptionRef: "sub_01second",
    });
    expect(await cancelRow("sub_01first")).toMatchObject({ status: "pending", plan: "basic10" });
    // Its own renewal replaces nothing.
    const t2 = new Date(t1.getTime() + 30 * DAY);
    await paddleEvent("subscription.updated", t2, subscriptionData(organizationId, "sub_01second", "pro25", t2));
    expect(await cancelRow("sub_01second")).toBeUndefined();
    expect((await readPlanState(test.db, organizationId)).periodEnd).toEqual(new Date(t2.getTime() + 30 * DAY));
  });
});

describe("the cancellation job", () => {
  it("runs only where Paddle is configured: without it nothing is asked, with it the waiting job is done", async () => {
    const { organizationId } = await cardThenStars("sub_01config");
    const paddle = await paddleApi((id) => ok(id));
    const base = { db: test.db, log: silentLogger, adminTelegramIds: [], concurrency: 1 };
    const withoutPaddle = await JobQueue.start(test.url);
    try {
      await runWorkers({ ...base, queue: withoutPaddle });
      await withoutPaddle.send(cancelPaddleSubscriptionsJob, {});
      await new Promise((r) => setTimeout(r, 3000));
      const stats = await withoutPaddle.stats();
      expect(stats.find((s) => s.queue === "paddle.cancel_subscriptions.v1")).toMatchObject({ queued: 1, active: 0 });
      expect(paddle.calls).toEqual([]);
      expect(await cancelRow("sub_01config")).toMatchObject({ status: "pending", attempts: 0 });
    } finally {
      await withoutPaddle.stop(2000);
    }

    const withPaddle = await JobQueue.start(test.url);
    try {
      await runWorkers({ ...base, queue: withPaddle, paddle: paddle.gateway });
      const end = Date.now() + 15_000;
      while ((await cancelRow("sub_01config"))?.status === "pending" && Date.now() < end) {
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(await cancelRow("sub_01config")).toMatchObject({ status: "cancelled" });
      // (Other tests' replaced subscriptions are asked about too: this database is the file's.)
      expect(paddle.cancels().filter((c) => c.path === "/subscriptions/sub_01config/cancel")).toHaveLength(1);
      expect((await notices(organizationId)).filter((n) => n.notice === "card_cancelled")).toHaveLength(1);
    } finally {
      await withPaddle.stop(2000);
      await paddle.close();
    }
  });
});
