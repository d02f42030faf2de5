import { checkStarsPreCheckout, type Db, recordStarsPayment } from "@slotpilot/db";
import { type Catalogue, DEFAULT_CATALOGUE } from "@slotpilot/domain";
import { Composer } from "grammy";
import type { BotContext } from "../context.ts";

/** Telegram cancels a checkout left unanswered for 10 s: our check gives up well before. */
const PRE_CHECKOUT_BUDGET_MS = 5_000;

/**
 * Telegram Stars. `pre_checkout_query`: sell only what the catalogue sells now, at today's price
 * (an invoice made before a price change is refused with the reason), answered within Telegram's
 * 10 s even when the database is slow. `successful_payment`: recorded once by its charge id and
 * granted in the same transaction (`recordStarsPayment`); the receipt goes out through the outbox.
 * A failure to record throws, so the update is not acknowledged and Telegram delivers it again.
 */
export function starsPaymentHandlers(deps: { db: Db; catalogue?: Catalogue }) {
  const catalogue = deps.catalogue ?? DEFAULT_CATALOGUE;
  const composer = new Composer<BotContext>();
  composer.on("pre_checkout_query", async (ctx) => {
    const q = ctx.preCheckoutQuery;
    let timer: NodeJS.Timeout | undefined;
    const check = await Promise.race([
      checkStarsPreCheckout(deps.db, catalogue, {
        invoicePayload: q.invoice_payload,
        currency: q.currency,
        totalAmount: q.total_amount,
      }),
      new Promise<"timeout">((resolve) => {
        timer = setTimeout(() => resolve("timeout"), PRE_CHECKOUT_BUDGET_MS);
      }),
    ])
      .catch(() => "timeout" as const)
      .finally(() => clearTimeout(timer));
    if (check !== "timeout" && check.ok) {
      await ctx.answerPreCheckoutQuery(true);
      return;
    }
    const reason =
      check === "timeout" ? "unavailable" : check.reason === "price_changed" ? "priceChanged" : "unknownOrder";
    await ctx.answerPreCheckoutQuery(false, { error_message: ctx.t(`billing.stars.${reason}`) });
  });
  composer.on("message:successful_payment", async (ctx) => {
    await recordStarsPayment(deps.db, {
      payerTelegramId: ctx.from.id,
      payment: ctx.message.successful_payment,
      at: new Date(ctx.message.date * 1000),
    });
  });
  return composer;
}
