import { Composer } from "grammy";
import { unwrap } from "../api-call.ts";
import type { BotContext } from "../context.ts";

/**
 * `/plan`: what the seller uses now (tasks, from the API). Plans, limits and billing are not built
 * yet (they come with the booking and billing work): the reply says so plainly and shows no number
 * that does not exist.
 */
export function planHandler() {
  const composer = new Composer<BotContext>();
  composer.command("plan", async (ctx) => {
    const { tasks } = await unwrap(await ctx.backend.tasks.$get());
    const active = tasks.filter((t) => t.status === "active").length;
    const booked = tasks.filter((t) => t.status === "booked").length;
    await ctx.reply(
      [
        ctx.t("bot.plan.title"),
        "",
        ctx.t("bot.plan.tasks", { tasks: ctx.t("common.counts.tasks", { count: tasks.length }), active }),
        ctx.t("bot.plan.booked", { booked: ctx.t("common.counts.bookings", { count: booked }) }),
        "",
        ctx.t("bot.plan.noPlans"),
      ].join("\n"),
    );
  });
  return composer;
}
