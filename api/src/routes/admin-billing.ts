import { grantPlan } from "@slotpilot/db";
import { AppError, moscowDay, PAID_PLAN_IDS } from "@slotpilot/domain";
import { Hono } from "hono";
import { z } from "zod";
import type { ApiDeps, AppEnv } from "../context.ts";
import { adminsOnly } from "../middleware/admins-only.ts";
import { validate } from "../validate.ts";

const grantBody = z
  .object({
    telegramId: z.number().int().positive(),
    plan: z.enum(PAID_PLAN_IDS as [string, ...string[]]),
  })
  .strict();

/** Admins' plan commands: `POST /api/admin/plans/grant` (the bot's `/grant`). */
export function adminBillingRoutes(deps: ApiDeps) {
  return new Hono<AppEnv>()
    .use("/admin/plans/*", adminsOnly)
    .post("/admin/plans/grant", validate("json", grantBody), async (c) => {
      const body = c.req.valid("json");
      const admin = c.get("user");
      const granted = await grantPlan(deps.db, {
        telegramId: body.telegramId,
        plan: body.plan as (typeof PAID_PLAN_IDS)[number],
        adminUserId: admin.id,
        adminTelegramId: admin.telegram_id,
        ...(deps.now ? { at: deps.now() } : {}),
      });
      if (!granted) throw new AppError("billing.user_not_found", { telegramId: body.telegramId });
      if (!granted.changed) {
        throw new AppError("billing.plan_in_force", {
          telegramId: body.telegramId,
          plan: body.plan,
          until: granted.state.periodEnd ? moscowDay(granted.state.periodEnd, c.get("locale")) : "—",
        });
      }
      return c.json({
        organizationId: granted.organizationId,
        plan: granted.state.plan,
        periodEnd: granted.state.periodEnd?.toISOString() ?? null,
        resumedTasks: granted.resumedTasks,
      });
    });
}
