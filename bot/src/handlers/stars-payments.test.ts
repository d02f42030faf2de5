import { createTestApi } from "@slotpilot/api/testing";
import { readPlanState } from "@slotpilot/db";
import { PLANS, signInitData } from "@slotpilot/domain";
import type { Update } from "grammy/types";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { inProcessBot, TestChat } from "../testing.ts";

let api: Awaited<ReturnType<typeof createTestApi>>;
beforeAll(async () => {
  api = await createTestApi(inject("pgAdminUrl"), { mode: "demo", env: { ADMIN_TELEGRAM_IDS: "9201" } });
});
afterAll(() => api.close());

const SELLER = 4201;
const DAY = 86_400;
let updateId = 700_000;
const from = { id: SELLER, is_bot: false as const, first_name: "Олег", language_code: "en" };

const preCheckout = (payload: string, amount: number): Update => ({
  update_id: ++updateId,
  pre_checkout_query: { id: `q${updateId}`, from, currency: "XTR", total_amount: amount, invoice_payload: payload },
});
const paid = (payment: Record<string, unknown>, seller = SELLER): Update => ({
  update_id: ++updateId,
  message: {
    message_id: updateId,
    date: Math.floor(Date.now() / 1000),
    chat: { id: seller, type: "private", first_name: "Олег" },
    from: { ...from, id: seller },
    successful_payment: payment as never,
  },
});

async function organizationId(seller = SELLER) {
  const row = await api.db
    .selectFrom("users")
    .innerJoin("memberships", "memberships.user_id", "users.id")
    .select("memberships.organization_id")
    .where("users.telegram_id", "=", seller)
    .executeTakeFirstOrThrow();
  return row.organization_id;
}

/** Signs in as the seller through the bot and asks the API for a Stars invoice, as the Mini App does. */
async function invoiceFor(bot: ReturnType<typeof inProcessBot>, body: Record<string, unknown>, seller = SELLER) {
  await new TestChat(bot, seller, "en").send("/help");
  const res = await api.app.request("/api/billing/checkout", {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `tma ${await initDataFor(seller)}` },
    body: JSON.stringify(body),
  });
  return res;
}

const initDataFor = async (userId: number) =>
  signInitData({ user: { id: userId, first_name: "Олег", language_code: "en" } }, api.deps.config.botToken);

describe("Telegram Stars", () => {
  it("sells a plan as a 30-day Star subscription, refuses a stale price, grants a payment once, renews and refunds", async () => {
    const bot = inProcessBot(api);
    // The bot's Bot API, answered by the transformer-level stub, is the API's Stars port (as in start.ts).
    api.deps.stars = bot.bot.api;

    // The invoice: XTR, the catalogue's price, a 30-day subscription period, at Telegram's wire format.
    const res = await invoiceFor(bot, { plan: "pro25", provider: "stars" });
    expect(res.status).toBe(200);
    const { checkout } = (await res.json()) as { checkout: { url: string } };
    expect(checkout.url).toMatch(/^https:\/\/t\.me\/\$local-invoice-\d+$/);
    const link = bot.calls.find((c) => c.method === "createInvoiceLink");
    expect(link?.payload).toMatchObject({
      title: "Slotpilot Pro · 25",
      currency: "XTR",
      provider_token: "",
      prices: [{ label: "Pro · 25", amount: PLANS.pro25.stars }],
      subscription_period: 2592000,
    });
    const payload = String(link?.payload.payload);

    // A stale invoice (made at another price) is refused with the reason; the current one passes.
    await bot.process(preCheckout(payload.replace(`:${PLANS.pro25.stars}:`, ":500:"), 500));
    await bot.process(preCheckout(payload, PLANS.pro25.stars));
    const answers = bot.calls.filter((c) => c.method === "answerPreCheckoutQuery").map((c) => c.payload);
    expect(answers).toEqual([
      {
        pre_checkout_query_id: expect.any(String),
        ok: false,
        error_message:
          "The price has changed since this invoice was made. Open /plan for a fresh one — you were not charged.",
      },
      { pre_checkout_query_id: expect.any(String), ok: true },
    ]);

    // The same successful_payment delivered twice (two updates): one payment, one grant, one receipt.
    const now = Math.floor(Date.now() / 1000);
    const first = {
      currency: "XTR",
      total_amount: PLANS.pro25.stars,
      invoice_payload: payload,
      subscription_expiration_date: now + 30 * DAY,
      is_recurring: true,
      is_first_recurring: true,
      telegram_payment_charge_id: "stxFIRST",
      provider_payment_charge_id: "p1",
    };
    await bot.process(paid(first));
    await bot.process(paid(first));
    const org = await organizationId();
    let state = await readPlanState(api.db, org);
    expect(state).toMatchObject({ plan: "pro25", provider: "stars", renews: true });
    expect(state.periodEnd?.getTime()).toBe((now + 30 * DAY) * 1000);
    expect(await api.db.selectFrom("payments").select("provider_ref").execute()).toEqual([
      { provider_ref: "stxFIRST" },
    ]);
    const grants = await api.db.selectFrom("plan_events").select("type").where("type", "=", "subscribed").execute();
    expect(grants).toHaveLength(1);
    const receipts = await api.db
      .selectFrom("notifications")
      .select("payload")
      .where("kind", "=", "billing.notice")
      .where("chat_id", "=", SELLER)
      .execute();
    expect(receipts.map((r) => r.payload.notice)).toEqual(["receipt"]);

    // A renewal extends the period.
    await bot.process(
      paid({
        ...first,
        is_first_recurring: undefined,
        subscription_expiration_date: now + 60 * DAY,
        telegram_payment_charge_id: "stxRENEW",
      }),
    );
    state = await readPlanState(api.db, org);
    expect(state.periodEnd?.getTime()).toBe((now + 60 * DAY) * 1000);
    expect(state.plan).toBe("pro25");

    // An admin refunds the renewal: Telegram refunds it, the plan steps down, renewals stop.
    const admin = new TestChat(bot, 9201, "en");
    await admin.send("/refund stxRENEW");
    expect(admin.screen().at(-1)?.text).toBe(
      `↩️ Refunded ${PLANS.pro25.stars} ⭐ for Pro · 25 (charge stxRENEW). The seller is told.`,
    );
    expect(bot.calls.find((c) => c.method === "refundStarPayment")?.payload).toEqual({
      user_id: SELLER,
      telegram_payment_charge_id: "stxRENEW",
    });
    expect(bot.calls.find((c) => c.method === "editUserStarSubscription")?.payload).toEqual({
      user_id: SELLER,
      telegram_payment_charge_id: "stxFIRST",
      is_canceled: true,
    });
    expect((await readPlanState(api.db, org)).plan).toBeNull();
    await admin.send("/refund stxRENEW");
    expect(admin.screen().at(-1)?.text).toBe("That payment was refunded already.");

    // The admin status shows revenue (refunds excluded) and subscriptions in force.
    await admin.send("/status");
    expect(admin.screen().at(-1)?.text).toContain(
      `Revenue, 30 days (all time): ${PLANS.pro25.stars} ⭐ (${PLANS.pro25.stars} ⭐)`,
    );
  });

  it("a plan bought on top of a Stars subscription replaces it; the old one's renewals are set to stop, and admins see it", async () => {
    const seller = 4202;
    const bot = inProcessBot(api);
    api.deps.stars = bot.bot.api;
    const now = Math.floor(Date.now() / 1000);
    const subscribe = async (plan: "basic10" | "pro25", charge: string) => {
      const calls = bot.calls.length;
      expect((await invoiceFor(bot, { plan, provider: "stars" }, seller)).status).toBe(200);
      const link = bot.calls.slice(calls).find((c) => c.method === "createInvoiceLink");
      await bot.process(
        paid(
          {
            currency: "XTR",
            total_amount: PLANS[plan].stars,
            invoice_payload: String(link?.payload.payload),
            subscription_expiration_date: now + 30 * DAY,
            is_recurring: true,
            is_first_recurring: true,
            telegram_payment_charge_id: charge,
            provider_payment_charge_id: `p-${charge}`,
          },
          seller,
        ),
      );
    };
    await subscribe("basic10", "stxBASIC");
    // /plan says, before the seller pays, that another plan replaces this one.
    const chat = new TestChat(bot, seller, "en");
    await chat.send("/plan");
    expect(chat.screen().at(-1)?.text).toContain(
      "Another plan bought here replaces Basic · 10: its Stars subscription stops renewing.",
    );
    // Basic is not sold again while it renews; Pro is, and replaces it.
    const again = await invoiceFor(bot, { plan: "basic10", provider: "stars" }, seller);
    expect(again.status).toBe(409);
    await subscribe("pro25", "stxPRO");
    const org = await organizationId(seller);
    expect(await readPlanState(api.db, org)).toMatchObject({ plan: "pro25", provider: "stars", renews: true });
    const stops = await api.db
      .selectFrom("stars_renewal_cancels")
      .selectAll()
      .where("organization_id", "=", org)
      .execute();
    expect(stops).toMatchObject([
      { payer_telegram_id: seller, first_charge_id: "stxBASIC", plan: "basic10", status: "pending" },
    ]);

    const admin = new TestChat(bot, 9201, "en");
    await admin.send("/status");
    expect(admin.screen().at(-1)?.text).toContain(
      "⚠️ Replaced Stars subscriptions still renewing: 1 being stopped, 0 Telegram refused to stop",
    );
  });

  it("sells a booking pack as a one-off invoice (no subscription period) that adds bookings", async () => {
    const bot = inProcessBot(api);
    api.deps.stars = bot.bot.api;
    const res = await invoiceFor(bot, { pack: "pack5", provider: "stars" });
    expect(res.status).toBe(200);
    const link = bot.calls.find((c) => c.method === "createInvoiceLink");
    expect(link?.payload.subscription_period).toBeUndefined();
    const before = (await readPlanState(api.db, await organizationId())).packBookings;
    await bot.process(
      paid({
        currency: "XTR",
        total_amount: 300,
        invoice_payload: String(link?.payload.payload),
        telegram_payment_charge_id: "stxPACK",
        provider_payment_charge_id: "p2",
      }),
    );
    expect((await readPlanState(api.db, await organizationId())).packBookings).toBe(before + 5);
  });
});
