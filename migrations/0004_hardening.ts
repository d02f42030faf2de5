import { type Kysely, sql } from "kysely";

/**
 * Telegram updates are recorded when handled (or given up on), not when first seen: a crash or a
 * failure in the middle leads to another delivery instead of a lost update. The calendar's latest
 * write is found by an index, so `/api/slots` can tell in one cheap query whether it changed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("telegram_updates")
    .addColumn("status", "text", (c) =>
      c.notNull().defaultTo("done").check(sql`status in ('pending', 'done', 'failed')`),
    )
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex("slot_cells_seen_at_idx").on("slot_cells").column("seen_at").execute();
}
