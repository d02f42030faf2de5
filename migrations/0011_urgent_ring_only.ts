import type { Kysely } from "kysely";

/**
 * An urgent call may be a ring alone: when the code that raises the alert has already sent its own
 * message (a lost portal session's notice carries the "Log in again" button), the call must not
 * queue a second one after the ring.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("urgent_calls")
    .addColumn("follow_up", "boolean", (c) => c.notNull().defaultTo(true))
    .execute();
}
