import { sql } from "kysely";
import type { Db } from "./connect.ts";

/** True when this update was handled (or given up on) before: a redelivery to skip. */
export async function isUpdateSettled(db: Db, updateId: number): Promise<boolean> {
  const row = await db
    .selectFrom("telegram_updates")
    .where("update_id", "=", updateId)
    .where("status", "in", ["done", "failed"])
    .select("update_id")
    .executeTakeFirst();
  return row !== undefined;
}

/** Records the update as handled (`done`) or given up on (`failed`). */
export async function settleUpdate(db: Db, updateId: number, status: "done" | "failed"): Promise<void> {
  await db
    .insertInto("telegram_updates")
    .values({ update_id: updateId, status })
    .onConflict((oc) => oc.column("update_id").doUpdateSet({ status }))
    .execute();
}

/** Counts one failed attempt at handling the update; returns how many there have been. */
export async function countUpdateFailure(db: Db, updateId: number): Promise<number> {
  const row = await db
    .insertInto("telegram_updates")
    .values({ update_id: updateId, status: "pending", attempts: 1 })
    .onConflict((oc) => oc.column("update_id").doUpdateSet({ attempts: sql`telegram_updates.attempts + 1` }))
    .returning("attempts")
    .executeTakeFirstOrThrow();
  return row.attempts;
}
