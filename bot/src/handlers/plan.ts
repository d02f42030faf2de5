import type { BillingView } from "@slotpilot/api/client";
import { isPackId, isPaidPlanId, moscowDay, whenReplaced } from "@slotpilot/domain";
import { Composer, InlineKeyboard } from "grammy";
import { unwrap } from "../api-call.ts";
import type { BotContext } from "../context.ts";
import { amountName } from "../format.ts";
import { addAppButton } from "../keyboards.ts";
import { showScreen } from "./screen.ts";

/** The seller's plan in words: what is in force, until when, what is used and left. */
export function formatPlan(billing: BillingView, t: BotContext["t"], locale: string): string {
  const lines = [t("bot.plan.title"), ""];
  if (billing.inForce && billing.plan) {
    const plan = t(`billing.plans.${billing.plan}`);
    const until = billing.periodEnd ? moscowDay(billing.periodEnd, locale) : "—";
    lines.push(
      billing.trial.active
        ? t("bot.plan.trial", { until })
        : billing.renews
          ? t("bot.plan.renews", { plan, until })
          : t("bot.plan.until", { plan, until }),
    );
    lines.push(t("bot.plan.usage", { used: billing.usage.used, limit: billing.usage.limit, left: billing.usage.left }));
    if (billing.pastDue) lines.push(t("bot.plan.pastDue"));
  } else {
    lines.push(t(billing.trial.used ? "bot.plan.noPlanAfterTrial" : "bot.plan.noPlan"));
  }
  if (billing.usage.packs > 0) lines.push(t("bot.plan.packs", { count: billing.usage.packs }));
  lines.push("", t(billing.providers.stars ? "bot.plan.choose" : "bot.plan.starsUnavailable"));
  // What another plan bought now does to the renewing subscription, said before the seller pays.
  const replaced = whenReplaced(billing);
  const renewing = { plan: t(`billing.plans.${billing.plan}`) };
  if (replaced === "stopped" && billing.providers.stars) lines.push(t("bot.plan.replaces", renewing));
  if (replaced === "cancelled" && billing.providers.paddle) lines.push(t("bot.plan.replacesCard", renewing));
  if (!billing.providers.paddle) lines.push(t("bot.plan.cardUnavailable"));
  return lines.join("\n");
}

/** One button per plan and pack (price in Stars), the card option when it exists, and the Mini App. */
function planKeyboard(billing: BillingView, ctx: BotContext): InlineKeyboard {
  const { t } = ctx;
  const keyboard = new InlineKeyboard();
  if (billing.providers.stars) {
    billing.catalogue.plans.forEach((p, i) => {
      keyboard.text(
        t("bot.plan.planButton", { plan: t(`billing.plans.${p.id}`), stars: amountName(ctx.locale, p.stars) }),
        `bill:stars:${p.id}`,
      );
      if (i % 2 === 1) keyboard.row();
    });
    keyboard.row();
    for (const p of billing.catalogue.packs) {
      keyboard.text(
        t("bot.plan.packButton", { pack: t(`billing.packs.${p.id}`), stars: amountName(ctx.locale, p.stars) }),
        `bill:stars:${p.id}`,
      );
    }
    keyboard.row();
  }
  if (billing.providers.paddle) keyboard.text(t("bot.plan.cardButton"), "bill:card").row();
  if (billing.canManageCard) keyboard.text(t("bot.plan.manageCard"), "bill:portal").row();
  return addAppButton(keyboard, t("bot.plan.openApp"), `${ctx.miniApp.url.replace(/\/$/, "")}/plan`, ctx.miniApp.live);
}

async function render(ctx: BotContext) {
  const { billing } = await unwrap(await ctx.backend.billing.$get());
  await showScreen(ctx, formatPlan(billing, ctx.t, ctx.seller.locale), planKeyboard(billing, ctx));
}

/**
 * `/plan`: the seller's plan, usage and packs, with the way to pay — Telegram Stars (an invoice
 * for a plan's 30-day subscription or a pack), a card through Paddle when it is configured (else
 * said to be unavailable), Paddle's portal for a card subscription, and the Mini App's Plan screen.
 * The plan itself changes only when the payment arrives.
 */
export function planHandler() {
  const composer = new Composer<BotContext>();
  composer.command("plan", (ctx) => render(ctx));
  // A plan or a pack, in Stars (an invoice in Telegram) or by card (Paddle's checkout page).
  composer.callbackQuery(/^bill:(stars|paddle):([a-z0-9]+)$/, async (ctx) => {
    const provider = ctx.match[1] === "paddle" ? "paddle" : "stars";
    const id = ctx.match[2] ?? "";
    const product = isPaidPlanId(id) ? { plan: id } : isPackId(id) ? { pack: id } : null;
    if (!product) {
      await ctx.answerCallbackQuery();
      return;
    }
    const { checkout } = await unwrap(await ctx.backend.billing.checkout.$post({ json: { ...product, provider } }));
    await ctx.answerCallbackQuery();
    const name = productName(ctx, id);
    await ctx.reply(
      provider === "stars"
        ? ctx.t("bot.plan.invoice", { product: name })
        : ctx.t("bot.plan.cardCheckout", { product: name }),
      {
        reply_markup: new InlineKeyboard().url(
          ctx.t(provider === "stars" ? "bot.plan.pay" : "bot.plan.payByCard"),
          checkout.url,
        ),
      },
    );
  });
  composer.callbackQuery("bill:card", async (ctx) => {
    const keyboard = new InlineKeyboard();
    const { billing } = await unwrap(await ctx.backend.billing.$get());
    billing.catalogue.plans.forEach((p, i) => {
      keyboard.text(productName(ctx, p.id), `bill:paddle:${p.id}`);
      if (i % 2 === 1) keyboard.row();
    });
    keyboard.row();
    for (const p of billing.catalogue.packs) keyboard.text(`📦 ${productName(ctx, p.id)}`, `bill:paddle:${p.id}`);
    await showScreen(ctx, ctx.t("bot.plan.cardChoose"), keyboard);
  });
  composer.callbackQuery("bill:portal", async (ctx) => {
    const { portal } = await unwrap(await ctx.backend.billing.portal.$post());
    await ctx.answerCallbackQuery();
    await ctx.reply(ctx.t("bot.plan.portal"), {
      reply_markup: new InlineKeyboard().url(ctx.t("bot.plan.manageCard"), portal.url),
    });
  });
  return composer;
}

/** A plan's or a pack's name. */
const productName = (ctx: BotContext, id: string) =>
  ctx.t(isPackId(id) ? `billing.packs.${id}` : `billing.plans.${id}`);
