import { type Kysely, sql } from "kysely";

/**
 * The slot monitor's health, one row: the API answers `/readyz` and the admin view from it, since
 * the monitor runs in the workers' process and the API cannot ask it directly.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("monitor_status")
    // One monitor for everyone: a single row, id 1.
    .addColumn("id", "smallint", (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn("usable_accounts", "integer", (c) => c.notNull())
    .addColumn("usable_tokens", "integer", (c) => c.notNull())
    .addColumn("last_read_at", "timestamptz")
    .addColumn("last_error", "text")
    .addColumn("last_error_at", "timestamptz")
    .addColumn("reads_per_minute", "real", (c) => c.notNull())
    .addColumn("source", "text")
    // Written on every pass of the loop, idle or not: an old heartbeat means no monitor is running.
    .addColumn("heartbeat_at", "timestamptz", (c) => c.notNull())
    .addColumn("started_at", "timestamptz", (c) => c.notNull())
    .execute();
}
