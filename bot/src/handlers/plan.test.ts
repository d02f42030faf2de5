import { createTestApi } from "@slotpilot/api/testing";
import { changePlan } from "@slotpilot/db";
import { PACKS } from "@slotpilot/domain";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { inProcessBot, TestChat } from "../testing.ts";

let api: Awaited<ReturnType<typeof createTestApi>>;
beforeAll(async () => {
  api = await createTestApi(inject("pgAdminUrl"), { mode: "demo" });
});
afterAll(() => api.close());

describe("/plan", () => {
  it("shows the trial, the period's bookings and an invoice in Stars for the plan pressed", async () => {
    const bot = inProcessBot(api);
    api.deps.stars = bot.bot.api;
    const chat = new TestChat(bot, 4401, "en");
    await chat.send("/plan");
    const screen = chat.screen().at(-1);
    expect(screen?.text).toMatch(
      /^💳 Plan and usage\n\nFree trial until \d{1,2} \w+\.\nBookings this period: 0 of 3 used, 3 left\./,
    );
    expect(screen?.text).toContain("Paying by card is not available here yet.");
    const labels = screen?.buttons.flat().map((b) => b.text);
    expect(labels).toContain("⭐ Pro · 25 — 990");
    expect(labels).toContain("📦 5 bookings — 300");
    expect(labels).not.toContain("💳 Pay by card");
    // Thousands grouped as the reader writes them, as rubles are.
    expect(labels).toEqual(
      expect.arrayContaining(["⭐ Business · 50 — 1,790", "⭐ Enterprise · 500 — 9,990", "📦 20 bookings — 1,000"]),
    );

    await chat.press("⭐ Pro · 25 — 990");
    const invoice = chat.screen().at(-1);
    expect(invoice?.text).toBe("Your invoice for Pro · 25: tap to pay in Telegram Stars.");
    expect(invoice?.buttons[0]?.[0]).toMatchObject({
      text: "⭐ Pay",
      url: expect.stringMatching(/^https:\/\/t\.me\/\$/),
    });
  });

  it("groups the Stars prices in Russian the way it writes rubles", async () => {
    const bot = inProcessBot(api);
    api.deps.stars = bot.bot.api;
    const chat = new TestChat(bot, 4405, "ru");
    await chat.send("/plan");
    expect(chat.lastButtons()).toEqual(
      expect.arrayContaining([
        "⭐ Про · 25 — 990",
        "⭐ Бизнес · 50 — 1\u00a0790",
        "⭐ Макс · 100 — 2\u00a0990",
        "⭐ Энтерпрайз · 500 — 9\u00a0990",
        "📦 20 бронирований — 1\u00a0000",
      ]),
    );
  });

  it("sells a plan or a booking pack by card: the checkout page for the one pressed", async () => {
    const checkouts: string[] = [];
    api.deps.paddle = {
      createCheckout: async ({ priceId }) => {
        checkouts.push(priceId);
        return { transactionId: "txn_1", url: `https://pay.example/?_ptxn=txn_${checkouts.length}` };
      },
      customerPortalUrl: async () => "https://pay.example/portal",
      verifyWebhook: async () => false,
    };
    try {
      const chat = new TestChat(inProcessBot(api), 4403, "en");
      await chat.send("/plan");
      await chat.press("💳 Pay by card");
      const choose = chat.screen().at(-1);
      expect(choose?.text).toBe("Pay by card: a plan, renewed every 30 days, or a booking pack, once?");
      expect(choose?.buttons.flat().map((b) => b.text)).toEqual(
        expect.arrayContaining(["Pro · 25", "📦 1 booking", "📦 5 bookings", "📦 20 bookings"]),
      );
      await chat.press("📦 5 bookings");
      const checkout = chat.screen().at(-1);
      expect(checkout?.text).toBe("Card checkout for 5 bookings: the page opens in the browser.");
      expect(checkout?.buttons[0]?.[0]).toMatchObject({ url: "https://pay.example/?_ptxn=txn_1" });
      expect(checkouts).toEqual([PACKS.pack5.paddlePriceId]);
    } finally {
      api.deps.paddle = undefined;
    }
  });

  it("with a card subscription, says before paying that a new plan cancels it (where cards are taken)", async () => {
    const chat = new TestChat(inProcessBot(api), 4404, "en");
    await chat.send("/help");
    const { organization_id: org } = await api.db
      .selectFrom("users")
      .innerJoin("memberships", "memberships.user_id", "users.id")
      .select("memberships.organization_id")
      .where("users.telegram_id", "=", 4404)
      .executeTakeFirstOrThrow();
    const at = new Date();
    await changePlan(api.db, org, {
      type: "subscribed",
      plan: "basic10",
      provider: "paddle",
      subscriptionRef: "sub_01card",
      at,
      periodStart: at,
      periodEnd: new Date(at.getTime() + 30 * 86_400_000),
    });
    const cancels =
      "Another plan bought here replaces Basic · 10: its card subscription is cancelled, with no further charges.";
    // Without Paddle configured nothing would cancel it, so nothing says so.
    await chat.send("/plan");
    expect(chat.screen().at(-1)?.text).not.toContain(cancels);
    api.deps.paddle = {
      createCheckout: async () => ({ transactionId: "txn_1", url: "https://pay.example/" }),
      customerPortalUrl: async () => "https://pay.example/portal",
      verifyWebhook: async () => false,
    };
    try {
      await chat.send("/plan");
      expect(chat.screen().at(-1)?.text).toContain(cancels);
    } finally {
      api.deps.paddle = undefined;
    }
  });

  it("without a bot (demo) says Stars are unavailable instead of offering buttons that fail", async () => {
    api.deps.stars = undefined;
    const chat = new TestChat(inProcessBot(api), 4402, "ru");
    await chat.send("/plan");
    const screen = chat.screen().at(-1);
    expect(screen?.text).toContain("Для оплаты звёздами Telegram нужен бот Telegram");
    expect(screen?.buttons.flat().map((b) => b.text)).toEqual(["📱 Тариф в приложении"]);
  });
});
