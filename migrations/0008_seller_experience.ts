import { type Kysely, sql } from "kysely";

/**
 * The seller experience: the bot's multi-step conversations keep their state here, per chat, so a
 * restart of the bot loses no half-created task; sellers' favourite warehouses come first in the
 * calendar. `bot_conversations` is created only if missing: the sales-dialog work creates the same
 * table for admins' conversations, and both use one store.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("bot_conversations")
    .ifNotExists()
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("state", "jsonb", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex("bot_conversations_updated_idx")
    .ifNotExists()
    .on("bot_conversations")
    .column("updated_at")
    .execute();

  await db.schema
    .createTable("favourite_warehouses")
    .addColumn("user_id", "bigint", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("warehouse_id", "integer", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("favourite_warehouses_pkey", ["user_id", "warehouse_id"])
    .execute();
}
