import { type Kysely, sql } from "kysely";

/**
 * The seller experience: sellers' favourite warehouses come first in the calendar; a task's timeline records what happened to it (created, paused, resumed, edited — the
 * booker adds its own steps); a live status message remembers which Telegram message to edit.
 * (The bot's flows keep their state in `bot_conversations`, from 0006, shared by every flow: a
 * restart of the bot loses no half-created task.)
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("favourite_warehouses")
    .addColumn("user_id", "bigint", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("warehouse_id", "integer", (c) => c.notNull())
    // The seller's own order: the calendar lists favourites this way.
    .addColumn("position", "integer", (c) => c.notNull())
    .addPrimaryKeyConstraint("favourite_warehouses_pkey", ["user_id", "warehouse_id"])
    .execute();

  await db.schema
    .createTable("task_events")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("task_id", "bigint", (c) => c.notNull().references("booking_tasks.id").onDelete("cascade"))
    .addColumn("organization_id", "bigint", (c) => c.notNull())
    .addColumn("at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("details", "jsonb", (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();
  await db.schema.createIndex("task_events_task_idx").on("task_events").columns(["task_id", "at"]).execute();
  // A task's alerts are found by their task id inside the outbox payload. Indexed as text: a cast
  // in an index would make inserting a malformed payload fail instead of the notifier refusing it.
  await sql`create index notifications_slot_alert_task_idx on notifications ((payload->>'taskId')) where kind = 'slot.alert'`.execute(
    db,
  );

  // A message that updates itself (a booking's live status): which Telegram message it is, per chat.
  await db.schema
    .createTable("live_messages")
    .addColumn("chat_id", "bigint", (c) => c.notNull())
    .addColumn("live_key", "text", (c) => c.notNull())
    .addColumn("message_id", "bigint", (c) => c.notNull())
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint("live_messages_pkey", ["chat_id", "live_key"])
    .execute();
}
