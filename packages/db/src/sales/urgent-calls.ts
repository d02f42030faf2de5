import { type CallDecision, decideUrgentCall, minuteOfDay, type UrgentKind } from "@slotpilot/domain";
import { sql } from "kysely";
import { enqueueMessages } from "../outbox.ts";
import { countHealthyAccounts } from "./accounts.ts";
import type { Executor } from "./executor.ts";

/** The seller's time zone for quiet hours (sellers' settings have no zone of their own yet). */
export const QUIET_HOURS_TIME_ZONE = "Europe/Moscow";
/** How long a call may wait for an account before the message goes alone. */
export const URGENT_CALL_DEADLINE_MS = 2 * 60_000;

export interface UrgentAlert {
  userId: number;
  kind: UrgentKind;
  /** Idempotency: the same alert (e.g. `portal_session_lost:cabinet:42:2026-11-21T09`) is raised once. */
  key: string;
  /** Fills the message `urgent.<kind>` (cabinet name, task id…). */
  params?: Record<string, string | number>;
  /**
   * `false` when the caller sends its own message in the same transaction (one with buttons, say):
   * then the alert only rings, when the seller opted in — no `urgent.<kind>` message at all.
   */
  message?: boolean;
}

/**
 * THE entry point for urgent alerts (a portal session lost while tasks hunt, a booking failed near
 * its deadline, the plan limit reached): call it inside the transaction that records the problem.
 * If the seller opted in to calls, it is not their quiet time, they are under their daily cap, they
 * have a username to be reached by and an account is healthy, a call is queued — a user account
 * rings their Telegram, then the usual message follows; otherwise the usual message is queued alone.
 */
export async function enqueueUrgentAlert(
  db: Executor,
  alert: UrgentAlert,
  now: Date = new Date(),
): Promise<CallDecision> {
  const user = await db
    .selectFrom("users")
    .where("id", "=", alert.userId)
    .select(["telegram_id", "username", "call_opt_in", "quiet_hours_start", "quiet_hours_end", "daily_call_cap"])
    .executeTakeFirst();
  if (!user) return { call: false, reason: "not_opted_in" };
  const calls = await db
    .selectFrom("urgent_calls")
    .where("user_id", "=", alert.userId)
    .where("status", "in", ["pending", "calling", "rang"])
    .where("created_at", ">", sql<Date>`now() - interval '24 hours'`)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  const decision = decideUrgentCall({
    preferences: {
      callOptIn: user.call_opt_in,
      quietHoursStart: user.quiet_hours_start,
      quietHoursEnd: user.quiet_hours_end,
      dailyCallCap: user.daily_call_cap,
    },
    minute: minuteOfDay(now, QUIET_HOURS_TIME_ZONE),
    callsToday: Number(calls.n),
    hasUsername: user.username !== null,
    healthyAccounts: user.call_opt_in ? await countHealthyAccounts(db) : 0,
  });
  const params = alert.params ?? {};
  const followUp = alert.message ?? true;
  if (decision.call) {
    await db
      .insertInto("urgent_calls")
      .values({
        user_id: alert.userId,
        kind: alert.kind,
        payload: JSON.stringify(params),
        dedupe_key: alert.key,
        deadline_at: new Date(now.getTime() + URGENT_CALL_DEADLINE_MS),
        follow_up: followUp,
      })
      .onConflict((oc) => oc.column("dedupe_key").doNothing())
      .execute();
  } else if (followUp) {
    await enqueueUrgentMessage(db, { chatId: user.telegram_id, kind: alert.kind, key: alert.key, params });
  }
  return decision;
}

/** The usual message of an urgent alert (after the ring, or alone). Queued once per alert. */
export async function enqueueUrgentMessage(
  db: Executor,
  input: { chatId: number; kind: string; key: string; params: Record<string, unknown> },
): Promise<void> {
  await enqueueMessages(db, [
    {
      chatId: input.chatId,
      kind: "urgent.alert",
      dedupeKey: `urgent:${input.key}`,
      payload: { kind: input.kind, params: input.params },
    },
  ]);
}

export interface UrgentCallWork {
  id: number;
  userId: number;
  chatId: number;
  username: string | null;
  kind: string;
  key: string;
  params: Record<string, unknown>;
  /** Whether the usual message follows the ring. */
  followUp: boolean;
}

/** Claims the oldest pending call for `accountId` (exclusive: another process skips it). */
export async function claimUrgentCall(db: Executor, accountId: number): Promise<UrgentCallWork | null> {
  const row = await db
    .updateTable("urgent_calls")
    .set({ status: "calling", account_id: accountId })
    .where("id", "=", (eb) =>
      eb
        .selectFrom("urgent_calls")
        .select("id")
        .where("status", "=", "pending")
        .where("deadline_at", ">", sql<Date>`now()`)
        .orderBy("id")
        .limit(1)
        .forUpdate()
        .skipLocked(),
    )
    .returning(["id", "user_id", "kind", "dedupe_key", "payload", "follow_up"])
    .executeTakeFirst();
  if (!row) return null;
  const user = await db
    .selectFrom("users")
    .where("id", "=", row.user_id)
    .select(["telegram_id", "username"])
    .executeTakeFirstOrThrow();
  return {
    id: row.id,
    userId: row.user_id,
    chatId: user.telegram_id,
    username: user.username,
    kind: row.kind,
    key: row.dedupe_key,
    params: row.payload,
    followUp: row.follow_up,
  };
}

/** Ends a call (rang, unreachable, skipped) and queues the usual message in the same transaction. */
export async function finishUrgentCall(
  db: Executor,
  call: UrgentCallWork,
  status: "pending" | "rang" | "unreachable" | "skipped",
  detail: string | null,
): Promise<void> {
  await db
    .updateTable("urgent_calls")
    .set({ status, detail, done_at: status === "pending" ? null : sql<Date>`now()` })
    .where("id", "=", call.id)
    .execute();
  if (status !== "pending" && call.followUp) {
    await enqueueUrgentMessage(db, { chatId: call.chatId, kind: call.kind, key: call.key, params: call.params });
  }
}

/**
 * Calls nobody placed in time (no healthy account, or a worker died mid-ring): the message goes
 * alone. Returns how many were given up.
 */
export async function giveUpOverdueCalls(db: Executor): Promise<number> {
  const rows = await db
    .updateTable("urgent_calls")
    .set({ status: "skipped", detail: "no account could call in time", done_at: sql<Date>`now()` })
    .where((eb) =>
      eb.or([
        eb.and([eb("status", "=", "pending"), eb("deadline_at", "<=", sql<Date>`now()`)]),
        eb.and([eb("status", "=", "calling"), eb("deadline_at", "<=", sql<Date>`now() - interval '5 minutes'`)]),
      ]),
    )
    .returning(["id", "user_id", "kind", "dedupe_key", "payload", "follow_up"])
    .execute();
  for (const row of rows.filter((r) => r.follow_up)) {
    const user = await db
      .selectFrom("users")
      .where("id", "=", row.user_id)
      .select("telegram_id")
      .executeTakeFirstOrThrow();
    await enqueueUrgentMessage(db, {
      chatId: user.telegram_id,
      kind: row.kind,
      key: row.dedupe_key,
      params: row.payload,
    });
  }
  return rows.length;
}
