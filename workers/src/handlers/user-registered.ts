import { type Db, enqueueMessages } from "@slotpilot/db";
import { PermanentError } from "@slotpilot/domain";
import type { JobHandler } from "@slotpilot/jobs";

/**
 * A new seller signed up: a message to every admin, through the outbox (which words it in each
 * admin's language and sends it within Telegram's limits). Idempotent: one message per admin and
 * seller, however often the job runs.
 */
export function userRegistered(deps: { db: Db; adminTelegramIds: readonly number[] }): JobHandler<{ userId: number }> {
  return async ({ userId }) => {
    const user = await deps.db.selectFrom("users").where("id", "=", userId).selectAll().executeTakeFirst();
    if (!user) throw new PermanentError(`user ${userId} does not exist`);
    const name =
      [user.first_name, user.last_name].filter(Boolean).join(" ") + (user.username ? ` (@${user.username})` : "");
    await enqueueMessages(
      deps.db,
      deps.adminTelegramIds.map((adminId) => ({
        chatId: adminId,
        kind: "admin.new_seller",
        dedupeKey: `admin.new_seller:${user.id}:${adminId}`,
        payload: { name, telegramId: user.telegram_id },
      })),
    );
  };
}
