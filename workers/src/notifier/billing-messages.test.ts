import { describe, expect, it } from "vitest";
import { billingMessage } from "./billing-messages.ts";

const URL = "https://slotpilot.example";

/** A receipt for a Stars plan, as `recordStarsPayment` queues it. */
const starsReceipt = (over: Record<string, unknown> = {}) => ({
  notice: "receipt",
  provider: "stars",
  product: "pro25",
  amount: 990,
  currency: "XTR",
  periodEnd: "2026-12-30T10:00:00Z",
  chargeId: "stx1",
  ...over,
});

describe("plan messages", () => {
  it("the trial's end says what is paused, that nothing is deleted, and leads to the Plan screen", () => {
    const m = billingMessage({ notice: "trial_ended", pausedTasks: 2 }, "en", URL);
    expect(m?.text).toBe(
      "⏳ Your 14-day free trial is over. Paused tasks: 2 — nothing is deleted. Choose a plan or a booking pack and they hunt again.",
    );
    expect(m?.replyMarkup?.inline_keyboard[0]?.[0]).toEqual({
      text: "💳 Choose a plan",
      web_app: { url: `${URL}/plan` },
    });
  });

  it("a receipt names what was paid, the amount and the period, in the reader's language", () => {
    const stars = billingMessage(starsReceipt(), "ru", URL);
    expect(stars?.text).toBe("🧾 Оплата получена: Про · 25, 990 ⭐. Чек № stx1.\nТариф действует до 30 декабря.");
    const card = billingMessage(
      {
        notice: "receipt",
        provider: "paddle",
        product: "pack5",
        amount: 1500,
        currency: "USD",
        periodEnd: null,
        chargeId: "txn_1",
      },
      "en",
      URL,
    );
    expect(card?.text).toBe("🧾 Payment received: 5 bookings, USD\u00a015.00. Receipt no. txn_1.");
    // A card amount reads as the reader writes money: a decimal comma in Russian.
    const ru = billingMessage(
      { notice: "refunded", provider: "paddle", product: "pack5", amount: 123450, currency: "USD" },
      "ru",
      URL,
    );
    expect(ru?.text).toContain("1\u00a0234,50\u00a0USD");
  });

  it("a plan bought on top of another says the old subscription stops; that one's renewal, if it comes, says how to get it back", () => {
    const receipt = billingMessage(starsReceipt({ replaces: "basic10" }), "en", URL);
    expect(receipt?.text.split("\n").at(-1)).toBe(
      "Your earlier Basic · 10 subscription will not renew: from now on you pay only for Pro · 25.",
    );
    const renewal = billingMessage(
      {
        notice: "replaced_renewal",
        product: "basic10",
        current: "pro25",
        amount: 490,
        currency: "XTR",
        chargeId: "stx3",
      },
      "ru",
      URL,
    );
    expect(renewal?.text).toBe(
      "⚠️ Telegram списал 490 ⭐ за продление прежней подписки Базовый · 10, которую вы заменили на Про · 25. Ваш тариф остаётся Про · 25, а та подписка больше не продлится. Чтобы вернуть звёзды, напишите в /support и укажите чек № stx3.",
    );
    expect(billingMessage({ notice: "replaced_renewal", product: "basic10", current: null }, "en", URL)).toBeNull();
  });

  it("a replaced card subscription: its cancellation told when done, a charge that raced it told how to get back", () => {
    expect(billingMessage({ notice: "card_cancelled", plan: "basic10" }, "en", URL)?.text).toBe(
      "💳 Your card subscription to Basic · 10 is cancelled, as you replaced it with another plan: your card will not be charged for it again.",
    );
    expect(billingMessage({ notice: "card_cancelled", plan: "basic10" }, "ru", URL)?.text).toBe(
      "💳 Подписка по карте на Базовый · 10 отменена, так как вы заменили её другим тарифом: больше списаний по ней не будет.",
    );
    const raced = billingMessage(
      {
        notice: "replaced_renewal",
        provider: "paddle",
        product: "basic10",
        current: "pro25",
        amount: 2900,
        currency: "USD",
        chargeId: "txn_01raced",
      },
      "en",
      URL,
    );
    expect(raced?.text).toBe(
      "⚠️ Your card was charged USD\u00a029.00 to renew your earlier Basic · 10 subscription, which you replaced with Pro · 25. Your plan stays Pro · 25, and that subscription is being cancelled. To get the money back, write to /support with receipt no. txn_01raced.",
    );
    expect(billingMessage({ notice: "card_cancelled", plan: "gold" }, "en", URL)).toBeNull();
  });

  it("the 80% warning; a payload it cannot read is refused, not guessed", () => {
    expect(
      billingMessage({ notice: "usage_warning", plan: "basic10", used: 8, limit: 10 }, "en", "http://localhost:8080"),
    ).toEqual({
      text: "📈 You have used 8 of 10 bookings of Basic · 10 this period. At the limit new bookings pause: a larger plan or a pack keeps them going.",
      replyMarkup: { inline_keyboard: [[{ text: "💳 Choose a plan", url: "http://localhost:8080/plan" }]] },
    });
    // The trial's 3 bookings reach 80% only at the last one: it says they are all used, not near.
    expect(billingMessage({ notice: "usage_warning", plan: "trial", used: 3, limit: 3 }, "en", URL)?.text).toBe(
      "📈 The bookings of Free trial for this period are all used: 3 of 3. The next slot your tasks find will not be booked — a larger plan or a booking pack keeps them going.",
    );
    expect(billingMessage({ notice: "usage_warning", plan: "trial", used: 3, limit: 3 }, "ru", URL)?.text).toBe(
      "📈 Бронирования тарифа Пробный период на этот период израсходованы: 3 из 3. Следующий найденный слот забронирован не будет — тариф побольше или пакет бронирований сохранят бронирование.",
    );
    expect(billingMessage({ notice: "receipt", product: "gold" }, "en", URL)).toBeNull();
    expect(billingMessage("nonsense", "en", URL)).toBeNull();
  });
});
