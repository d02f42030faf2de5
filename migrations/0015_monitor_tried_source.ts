import type { Kysely } from "kysely";

/**
 * The source the monitor tried last, whether the read worked or not (`source` stays the source of
 * the last successful read). When every read fails, the admin status names the source that is
 * failing rather than the one that last worked.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("monitor_status").addColumn("tried_source", "text").execute();
}
