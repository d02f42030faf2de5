import { type Db, recordAudit } from "@slotpilot/db";
import { effectiveLocale, PermanentError } from "@slotpilot/domain";
import type { JobHandler } from "@slotpilot/jobs";
import { translator } from "@slotpilot/locales";
import type { TelegramNotifier } from "../telegram-notifier.ts";

/**
 * A new seller signed up: tell every admin, each in their own language. Idempotent per admin: an
 * audit row is written for each admin told, and a retry skips the ones already told.
 */
export function userRegistered(deps: {
  db: Db;
  notifier: TelegramNotifier;
  adminTelegramIds: readonly number[];
}): JobHandler<{ userId: number }> {
  return async ({ userId }) => {
    const user = await deps.db.selectFrom("users").where("id", "=", userId).selectAll().executeTakeFirst();
    if (!user) throw new PermanentError(`user ${userId} does not exist`);
    const told = await deps.db
      .selectFrom("audit_log")
      .where("action", "=", "admin.notified_new_user")
      .where("actor_user_id", "=", userId)
      .select("details")
      .execute();
    const already = new Set(told.map((row) => Number(row.details.adminTelegramId)));
    const name =
      [user.first_name, user.last_name].filter(Boolean).join(" ") + (user.username ? ` (@${user.username})` : "");

    for (const adminId of deps.adminTelegramIds) {
      if (already.has(adminId)) continue;
      const admin = await deps.db.selectFrom("users").where("telegram_id", "=", adminId).selectAll().executeTakeFirst();
      const t = translator(admin ? effectiveLocale(admin) : "en");
      await deps.notifier.send(adminId, t("admin.newSeller", { name, telegramId: user.telegram_id }));
      await recordAudit(deps.db, {
        action: "admin.notified_new_user",
        actorUserId: userId,
        details: { adminTelegramId: adminId },
      });
    }
  };
}
