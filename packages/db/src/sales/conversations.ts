import { sql } from "kysely";
import type { Executor } from "./executor.ts";

/** Storage for @grammyjs/conversations: an admin's /add_account survives a restart of the bot. */
export function conversationStore(db: Executor) {
  return {
    async read(key: string): Promise<unknown> {
      const row = await db.selectFrom("bot_conversations").where("key", "=", key).select("state").executeTakeFirst();
      return row?.state;
    },
    async write(key: string, state: unknown): Promise<void> {
      await db
        .insertInto("bot_conversations")
        .values({ key, state: JSON.stringify(state) })
        .onConflict((oc) =>
          oc.column("key").doUpdateSet({ state: JSON.stringify(state), updated_at: sql<Date>`now()` }),
        )
        .execute();
    },
    async delete(key: string): Promise<void> {
      await db.deleteFrom("bot_conversations").where("key", "=", key).execute();
    },
  };
}
