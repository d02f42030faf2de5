import { sql } from "kysely";
import type { Db } from "./connect.ts";

/** Where conversation state is kept: the key the bot derives from a chat. */
export const conversationKey = (chatId: number) => `conversation:${chatId}`;

/**
 * Storage for @grammyjs/conversations: one JSON document per chat. A half-finished `/new` survives
 * a restart of the bot; `updated_at` tells the sweeper which conversations were left waiting.
 */
export function conversationStore(db: Db) {
  return {
    async read(key: string): Promise<unknown> {
      const row = await db.selectFrom("bot_conversations").where("key", "=", key).select("state").executeTakeFirst();
      return row?.state;
    },
    async write(key: string, state: unknown): Promise<void> {
      const json = JSON.stringify(state);
      await db
        .insertInto("bot_conversations")
        .values({ key, state: json })
        .onConflict((oc) => oc.column("key").doUpdateSet({ state: json, updated_at: sql<Date>`now()` }))
        .execute();
    },
    async delete(key: string): Promise<void> {
      await db.deleteFrom("bot_conversations").where("key", "=", key).execute();
    },
  };
}

export type ConversationStore = ReturnType<typeof conversationStore>;
