import { sql } from "kysely";
import type { Executor } from "./executor.ts";

export interface SendLimits {
  maxDailyMessages: number;
  minMessageDelayMs: number;
}

export type Reservation =
  | { ok: true; messagesToday: number }
  | {
      ok: false;
      reason: "daily_limit" | "min_delay" | "sleeping" | "not_active" | "lease_lost";
      /** When trying again can succeed (the minimum delay passed, the FloodWait or the day ended). */
      retryAt: Date | null;
    };

/**
 * Charges one message to an account, or refuses. The whole rule is one conditional UPDATE: the
 * row lock serialises concurrent callers and each re-checks the limits against the row as the
 * previous one left it, so 50 sends racing on one account can never pass the daily limit nor two of
 * them start closer than the minimum delay — whatever the number of processes. `countDaily: false`
 * re-checks the delay and the lease only (resuming a send already charged before a crash).
 */
export async function reserveSend(
  db: Executor,
  input: { accountId: number; owner: string; day: string; limits: SendLimits; countDaily?: boolean },
): Promise<Reservation> {
  const { accountId, owner, day, limits } = input;
  const count = input.countDaily ?? true;
  const charged = await db
    .updateTable("sales_accounts")
    .set({
      messages_today: count
        ? sql<number>`case when messages_day = ${day} then messages_today + 1 else 1 end`
        : sql<number>`case when messages_day = ${day} then messages_today else 0 end`,
      messages_day: day,
      last_sent_at: sql<Date>`now()`,
      last_used_at: sql<Date>`now()`,
    })
    .where("id", "=", accountId)
    .where("status", "=", "active")
    .where("lease_owner", "=", owner)
    .where("lease_expires_at", ">", sql<Date>`now()`)
    .where((eb) => eb.or([eb("sleep_until", "is", null), eb("sleep_until", "<=", sql<Date>`now()`)]))
    .where(
      count
        ? sql<boolean>`(messages_day is distinct from ${day} or messages_today < ${limits.maxDailyMessages})`
        : sql<boolean>`true`,
    )
    .where(
      sql<boolean>`(last_sent_at is null or last_sent_at <= now() - ${limits.minMessageDelayMs} * interval '1 millisecond')`,
    )
    .returning("messages_today")
    .executeTakeFirst();
  if (charged) return { ok: true, messagesToday: charged.messages_today };

  const row = await db
    .selectFrom("sales_accounts")
    .where("id", "=", accountId)
    .select([
      "status",
      "lease_owner",
      "messages_day",
      "messages_today",
      "sleep_until",
      sql<boolean>`lease_expires_at > now()`.as("lease_live"),
      sql<Date | null>`last_sent_at + ${limits.minMessageDelayMs} * interval '1 millisecond'`.as("delay_ends"),
      sql<Date>`now()`.as("now"),
    ])
    .executeTakeFirst();
  if (row?.status !== "active") return { ok: false, reason: "not_active", retryAt: null };
  if (row.lease_owner !== owner || !row.lease_live) return { ok: false, reason: "lease_lost", retryAt: null };
  if (row.sleep_until && row.sleep_until > row.now) return { ok: false, reason: "sleeping", retryAt: row.sleep_until };
  if (count && row.messages_day === day && row.messages_today >= limits.maxDailyMessages) {
    return { ok: false, reason: "daily_limit", retryAt: null };
  }
  return { ok: false, reason: "min_delay", retryAt: row.delay_ends ?? row.now };
}
