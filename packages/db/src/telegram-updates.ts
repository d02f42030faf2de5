import type { Db } from "./connect.ts";

/**
 * Records an update id. Returns false when it was already recorded, so a redelivered update is
 * handled once. Throws when the database is unreachable: the caller must then not acknowledge the
 * update, and Telegram delivers it again.
 */
export async function claimTelegramUpdate(db: Db, updateId: number): Promise<boolean> {
  const row = await db
    .insertInto("telegram_updates")
    .values({ update_id: updateId })
    .onConflict((oc) => oc.column("update_id").doNothing())
    .returning("update_id")
    .executeTakeFirst();
  return row !== undefined;
}

/** Forget a claim when handling failed, so a redelivery is processed again. */
export async function releaseTelegramUpdate(db: Db, updateId: number): Promise<void> {
  await db.deleteFrom("telegram_updates").where("update_id", "=", updateId).execute();
}
