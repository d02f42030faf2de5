import { sql } from "kysely";
import type { Db } from "./connect.ts";

/** Decisions about days before `before` (`YYYY-MM-DD`): nothing can act on them any more. */
export async function pruneSlotDecisions(db: Db, before: string): Promise<number> {
  const removed = await db
    .deleteFrom("slot_decisions")
    .where("date", "<", sql<string>`${before}::date`)
    .executeTakeFirst();
  return Number(removed.numDeletedRows);
}
