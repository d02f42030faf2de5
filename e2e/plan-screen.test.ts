import { recordStarsPayment } from "@slotpilot/db";
import { PACKS, PLANS } from "@slotpilot/domain";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openMiniapp } from "./miniapp-harness.ts";

let app: Awaited<ReturnType<typeof openMiniapp>>;
beforeAll(async () => {
  app = await openMiniapp(inject("pgAdminUrl"));
});
afterAll(async () => {
  await app?.close();
});

describe("the Mini App's Plan screen", () => {
  it("shows the trial and its bookings; without a bot, Stars and card are said to be unavailable, the prices still shown", async () => {
    const { page } = app;
    await page.goto(`${app.url}/plan`);
    await app.heading("Plan and usage").waitFor();
    await page.getByText(/^Free trial until \d{1,2} \w+$/).waitFor();
    await page.getByText("0 of 3 used, 3 left").waitFor();
    await page.getByText("Paying with Telegram Stars works inside Telegram; this demo has no Telegram bot.").waitFor();
    await page.getByText("Paying by card is not available here yet.").waitFor();
    expect(await page.getByRole("button", { name: /⭐/ }).count()).toBe(0);
    // No way to pay here, but each price is shown.
    await page.getByText(`⭐ ${PLANS.pro25.stars}`, { exact: true }).waitFor();
    await page.getByText("Free trial started").waitFor();
    // On a phone's width (390 px) every plan's terms and features are read whole, none cut off.
    const cut = await page
      .locator(".offer .row-sub")
      .evaluateAll((lines) => lines.filter((line) => line.scrollWidth > line.clientWidth).map((l) => l.textContent));
    expect(cut).toEqual([]);
    expect(app.pageErrors).toEqual([]);
  });

  it("opens a Stars invoice with the SDK and reacts to cancelled, then paid (the plan shows once the bot has the payment)", async () => {
    const { page } = app;
    const invoices: { payload: string; subscription?: number }[] = [];
    app.api.deps.stars = {
      createInvoiceLink: async (_title, _description, payload, _token, _currency, _prices, other) => {
        invoices.push({ payload, ...(other?.subscription_period ? { subscription: other.subscription_period } : {}) });
        return `https://t.me/$demo${invoices.length}`;
      },
      refundStarPayment: async () => true,
      editUserStarSubscription: async () => true,
    };
    // Cards through Paddle too: every plan and every pack can be paid by card.
    app.api.deps.paddle = {
      createCheckout: async () => ({ transactionId: "txn_1", url: "https://pay.example/?_ptxn=txn_1" }),
      customerPortalUrl: async () => "https://pay.example/portal",
      verifyWebhook: async () => false,
    };
    await page.reload();
    const payPro = page.getByRole("button", { name: `⭐ ${PLANS.pro25.stars}` });
    await payPro.waitFor();
    expect(await page.getByRole("button", { name: "💳 Card" }).count()).toBe(
      Object.keys(PLANS).length - 1 + Object.keys(PACKS).length,
    );
    app.api.deps.paddle = undefined;

    page.once("dialog", (dialog) => void dialog.dismiss());
    await payPro.click();
    await page.getByText("Payment cancelled: nothing was charged.").waitFor();

    page.once("dialog", (dialog) => {
      // Telegram tells the bot at the same time: here, the payment the bot would record.
      void recordStarsPayment(app.api.db, {
        payerTelegramId: 100_000_001,
        payment: {
          currency: "XTR",
          total_amount: PLANS.pro25.stars,
          invoice_payload: invoices[1]?.payload ?? "",
          subscription_expiration_date: Math.floor(Date.now() / 1000) + 30 * 86400,
          is_recurring: true,
          is_first_recurring: true,
          telegram_payment_charge_id: "stxE2E",
          provider_payment_charge_id: "p",
        },
      }).then(() => dialog.accept());
    });
    await payPro.click();
    await page.getByText("✅ Paid. Your plan updates here in a moment, and a receipt comes in the chat.").waitFor();
    await page.getByText(/^Pro · 25, renews on \d{1,2} \w+$/).waitFor();
    await page.getByText("0 of 25 used, 25 left").waitFor();
    await page.getByText(`Pro · 25: ${PLANS.pro25.stars} ⭐`).waitFor();
    // Before another plan is bought, the seller is told it replaces this one.
    await page
      .getByText("Another plan bought here replaces Pro · 25: its Stars subscription stops renewing.")
      .waitFor();
    expect(invoices.map((i) => i.subscription)).toEqual([2592000, 2592000]);
    await page.screenshot({ path: "/tmp/miniapp-plan.png", fullPage: true });
    expect(app.pageErrors).toEqual([]);
  });
});
