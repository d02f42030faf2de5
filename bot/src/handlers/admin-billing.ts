import { formatAmount, isPackId, isPaidPlanId, moscowDay, PAID_PLAN_IDS } from "@slotpilot/domain";
import { Composer } from "grammy";
import { ApiCallError, unwrap } from "../api-call.ts";
import type { BotContext } from "../context.ts";
import { type GrantArgs, parseGrantArgs } from "./grant-args.ts";

/** The one line that says what is wrong with `/grant`'s arguments (the usage line follows it). */
function grantProblem(ctx: BotContext, args: Exclude<GrantArgs, { ok: true }>): string {
  switch (args.problem) {
    case "no_id":
      return ctx.t("admin.billing.grantNoId");
    case "bad_id":
      return ctx.t("admin.billing.grantBadId", { id: args.id });
    case "no_plan":
      return ctx.t("admin.billing.grantNoPlan");
    case "unknown_plan":
      return ctx.t("admin.billing.grantUnknownPlan", { plan: args.plan });
  }
}

/**
 * Admins' plan commands. `/grant <telegram id> <plan>`: the seller gets the plan for one period
 * (the API applies a `granted` plan-change event). `/refund <charge id>`: a Stars payment goes back
 * and what it paid for steps down. For sellers the commands do not exist.
 */
export function adminBillingHandlers() {
  const composer = new Composer<BotContext>();
  composer.command("grant", async (ctx, next) => {
    if (ctx.seller.user.role !== "admin") return next();
    const args = parseGrantArgs(ctx.match);
    if (!args.ok) {
      const usage = ctx.t("admin.billing.grantUsage", { plans: PAID_PLAN_IDS.join(", ") });
      await ctx.reply(`${grantProblem(ctx, args)}\n${usage}`);
      return;
    }
    const { telegramId, plan } = args;
    const granted = await unwrap(await ctx.backend.admin.plans.grant.$post({ json: { telegramId, plan } }));
    await ctx.reply(
      ctx.t("admin.billing.granted", {
        telegramId,
        plan: ctx.t(`billing.plans.${plan}`),
        until: granted.periodEnd ? moscowDay(granted.periodEnd, ctx.seller.locale) : "—",
        resumed: granted.resumedTasks,
      }),
    );
  });
  composer.command("refund", async (ctx, next) => {
    if (ctx.seller.user.role !== "admin") return next();
    const chargeId = ctx.match.trim();
    if (!chargeId || /\s/.test(chargeId)) {
      await ctx.reply(ctx.t("admin.billing.refundUsage"));
      return;
    }
    const answer = await unwrap(await ctx.backend.admin.billing.refund.$post({ json: { chargeId } })).catch(
      (err: unknown) => {
        // Without a bot there is no Stars payment to refund: said at once, in the refund's own words.
        if (err instanceof ApiCallError && err.code === "billing.stars_unavailable") return null;
        throw err;
      },
    );
    if (!answer) {
      await ctx.reply(ctx.t("admin.billing.refundUnavailable"));
      return;
    }
    const { refund } = answer;
    const product = isPaidPlanId(refund.product)
      ? ctx.t(`billing.plans.${refund.product}`)
      : isPackId(refund.product)
        ? ctx.t(`billing.packs.${refund.product}`)
        : refund.product;
    const amount = formatAmount(refund.amount, refund.currency, ctx.seller.locale);
    await ctx.reply(ctx.t("admin.billing.refunded", { amount, product, chargeId }));
  });
  return composer;
}
