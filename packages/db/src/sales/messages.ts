import { sql } from "kysely";
import type { Executor } from "./executor.ts";

/**
 * Stores a message from the prospect once (Telegram may deliver it twice, live and on catch-up).
 * Returns its row id, or null when it was already stored.
 */
export async function recordIncomingMessage(
  db: Executor,
  input: { dialogId: number; telegramMessageId: number; text: string; at: Date },
): Promise<number | null> {
  const row = await db
    .insertInto("sales_messages")
    .values({
      dialog_id: input.dialogId,
      direction: "in",
      author: "prospect",
      content: input.text,
      telegram_message_id: input.telegramMessageId,
      at: input.at,
    })
    .onConflict((oc) => oc.expression(sql`dialog_id, telegram_message_id`).where("direction", "=", "in").doNothing())
    .returning("id")
    .executeTakeFirst();
  return row?.id ?? null;
}

/** The newest stored incoming message: its row id (staleness of replies) and Telegram id (catch-up, read receipts). */
export async function latestIncoming(
  db: Executor,
  dialogId: number,
): Promise<{ id: number; telegramMessageId: number } | null> {
  const row = await db
    .selectFrom("sales_messages")
    .where("dialog_id", "=", dialogId)
    .where("direction", "=", "in")
    .select(["id", "telegram_message_id"])
    .orderBy("id", "desc")
    .limit(1)
    .executeTakeFirst();
  return row ? { id: row.id, telegramMessageId: row.telegram_message_id ?? 0 } : null;
}

/** The conversation so far, oldest first (the last `limit` messages). */
export async function dialogHistory(db: Executor, dialogId: number, limit = 40) {
  const rows = await db
    .selectFrom("sales_messages")
    .where("dialog_id", "=", dialogId)
    .select(["id", "direction", "author", "content", "at"])
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
  return rows.reverse();
}
