import { sql } from "kysely";
import type { Executor } from "./executor.ts";

/**
 * A lease per account: which worker process runs it, until when. Telegram terminates a session used
 * from two places at once (AUTH_KEY_DUPLICATED), so an account is connected only by the holder of a
 * live lease; the holder renews it (heartbeat) well before it expires and drops the account the
 * moment a renewal fails. Times are the database's, so clocks of different machines do not matter.
 */
export async function acquireAccountLeases(db: Executor, owner: string, ttlMs: number, max: number) {
  if (max <= 0) return [];
  return db
    .updateTable("sales_accounts")
    .set({
      lease_owner: owner,
      lease_expires_at: sql<Date>`now() + ${ttlMs} * interval '1 millisecond'`,
    })
    .where("id", "in", (eb) =>
      eb
        .selectFrom("sales_accounts")
        .select("id")
        .where("status", "=", "active")
        .where((w) =>
          w.or([
            w("lease_owner", "is", null),
            w("lease_owner", "=", owner),
            w("lease_expires_at", "<", sql<Date>`now()`),
          ]),
        )
        .orderBy("id")
        .limit(max)
        .forUpdate()
        .skipLocked(),
    )
    .returningAll()
    .execute();
}

/** Extends the leases `owner` still holds; returns their ids (one missing from the answer is lost). */
export async function renewAccountLeases(db: Executor, owner: string, ids: readonly number[], ttlMs: number) {
  if (ids.length === 0) return [];
  const rows = await db
    .updateTable("sales_accounts")
    .set({ lease_expires_at: sql<Date>`now() + ${ttlMs} * interval '1 millisecond'` })
    .where("id", "in", ids)
    .where("lease_owner", "=", owner)
    .where("lease_expires_at", ">", sql<Date>`now()`)
    .where("status", "=", "active")
    .returning("id")
    .execute();
  return rows.map((r) => r.id);
}

export async function releaseAccountLease(db: Executor, owner: string, id: number): Promise<void> {
  await db
    .updateTable("sales_accounts")
    .set({ lease_owner: null, lease_expires_at: null })
    .where("id", "=", id)
    .where("lease_owner", "=", owner)
    .execute();
}
