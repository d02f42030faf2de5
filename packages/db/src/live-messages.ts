import { sql } from "kysely";
import type { Db } from "./connect.ts";

/** The Telegram message that carries this live status in this chat, if one was sent. */
export async function liveMessageId(db: Db, chatId: number, liveKey: string): Promise<number | undefined> {
  const row = await db
    .selectFrom("live_messages")
    .where("chat_id", "=", chatId)
    .where("live_key", "=", liveKey)
    .select("message_id")
    .executeTakeFirst();
  return row?.message_id;
}

/** Remembers the message that now carries the live status (the next update edits it). */
export async function rememberLiveMessage(db: Db, chatId: number, liveKey: string, messageId: number): Promise<void> {
  await db
    .insertInto("live_messages")
    .values({ chat_id: chatId, live_key: liveKey, message_id: messageId })
    .onConflict((oc) =>
      oc.columns(["chat_id", "live_key"]).doUpdateSet({ message_id: messageId, updated_at: sql`now()` }),
    )
    .execute();
}
