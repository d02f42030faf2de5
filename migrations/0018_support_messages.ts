import { type Kysely, sql } from "kysely";

/**
 * Sellers' `/support` messages, kept until the team can read them. A message is delivered (queued
 * in the outbox for every admin) when it is written if an admin has a chat with the bot; otherwise
 * it waits here, `delivered_at` null, and the workers deliver it once one has (`deliverKeptSupport`).
 * Before this table such a message was dropped: only its id and length reached the audit log.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("support_messages")
    .addColumn("id", "uuid", (c) => c.primaryKey())
    .addColumn("organization_id", "bigint", (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    .addColumn("user_id", "bigint", (c) => c.notNull().references("users.id").onDelete("cascade"))
    // The message as an admin reads it: who wrote it, from which organization, and the text.
    .addColumn("payload", "jsonb", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("delivered_at", "timestamptz")
    .execute();
  await sql`create index support_messages_kept_idx on support_messages (created_at) where delivered_at is null`.execute(
    db,
  );
}
