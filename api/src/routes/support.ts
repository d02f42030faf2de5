import { randomUUID } from "node:crypto";
import { enqueueMessages, keepSupportMessage, recordAudit } from "@slotpilot/db";
import { AppError } from "@slotpilot/domain";
import { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import { z } from "zod";
import type { ApiDeps, AppEnv } from "../context.ts";
import { validate } from "../validate.ts";
import { freeText } from "../validation/fields.ts";

const message = z.object({ text: freeText(2000).pipe(z.string().min(1)) }).strict();
const reply = z
  .object({
    telegramId: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
    text: freeText(2000).pipe(z.string().min(1)),
  })
  .strict();

const adminsOnly = createMiddleware<AppEnv>(async (c, next) => {
  if (c.get("user").role !== "admin") throw new AppError("auth.forbidden");
  await next();
});

/**
 * Support through the bot: `POST /api/support` keeps the caller's message and sends it to every
 * admin (with a Reply button) — or, while no admin has opened the bot, keeps it until one has
 * (`delivered: false`; the workers deliver it then); `POST /api/admin/support/reply` sends an
 * admin's answer back to that seller. Both go through the outbox, in the transaction that records
 * them.
 */
export function supportRoutes(deps: ApiDeps) {
  return new Hono<AppEnv>()
    .post("/support", validate("json", message), async (c) => {
      const user = c.get("user");
      const organization = c.get("organization");
      const { text } = c.req.valid("json");
      const delivered = await deps.db.transaction().execute(async (trx) => {
        const id = randomUUID();
        await recordAudit(trx, {
          action: "support.message",
          actorUserId: user.id,
          organizationId: organization.id,
          details: { id, length: text.length },
        });
        return keepSupportMessage(trx, {
          id,
          organizationId: organization.id,
          userId: user.id,
          payload: {
            telegramId: user.telegram_id,
            name: [user.first_name, user.last_name].filter(Boolean).join(" "),
            username: user.username,
            organization: organization.name,
            text,
          },
        });
      });
      return c.json({ delivered });
    })
    .post("/admin/support/reply", adminsOnly, validate("json", reply), async (c) => {
      const { telegramId, text } = c.req.valid("json");
      const seller = await deps.db
        .selectFrom("users")
        .where("telegram_id", "=", telegramId)
        .select(["id", "telegram_id"])
        .executeTakeFirst();
      if (!seller) throw new AppError("support.unknown_user");
      await deps.db.transaction().execute(async (trx) => {
        await recordAudit(trx, {
          action: "support.reply",
          actorUserId: c.get("user").id,
          details: { to: seller.id, length: text.length },
        });
        await enqueueMessages(trx, [
          {
            chatId: seller.telegram_id,
            kind: "support.reply",
            dedupeKey: `support.reply:${randomUUID()}`,
            payload: { text },
          },
        ]);
      });
      return c.json({ ok: true });
    });
}
