import type { Db } from "./connect.ts";
import type { Locale } from "./schema.ts";

/** A pending outbox row the caller holds the lock on, with what is needed to word it for its reader. */
export interface ClaimedNotification {
  id: number;
  chatId: number;
  kind: string;
  /** As stored; a row may be older than the code reading it, so the caller checks its shape. */
  payload: unknown;
  /** Failed attempts so far (a 429 does not count: it is Telegram's pace, not the message's fault). */
  attempts: number;
  createdAt: Date;
  /** The recipient's `users` row, when the chat is one of our users. */
  recipient: { locale: Locale | null; languageCode: string | null } | null;
}

export type DeliveryOutcome =
  | { status: "sent" }
  /** Never to be tried again (the user blocked the bot, the message is malformed, attempts ran out). */
  | { status: "failed"; error: string }
  /** Stays pending; `countAttempt` adds one to `attempts`. */
  | { status: "retry"; error: string; countAttempt: boolean };

/**
 * The oldest pending rows' ids, chats, kinds and recipients' quiet hours, unlocked: the notifier picks among them by its rate limits
 * before it claims any. Only `kinds` the caller can word are listed (a kind added by newer code
 * waits for a notifier that knows it); `exclude` are rows the caller is holding back (backoff).
 */
export async function pendingNotifications(
  db: Db,
  options: { kinds: readonly string[]; limit: number; exclude?: readonly number[] },
): Promise<{ id: number; chatId: number; kind: string; quietHours: { start: number; end: number } | null }[]> {
  let query = db
    .selectFrom("notifications")
    .leftJoin("users", "users.telegram_id", "notifications.chat_id")
    .where("notifications.status", "=", "pending")
    .where("notifications.kind", "in", options.kinds)
    .select([
      "notifications.id",
      "notifications.chat_id as chatId",
      "notifications.kind",
      "users.quiet_hours_start",
      "users.quiet_hours_end",
    ])
    .orderBy("notifications.created_at")
    .orderBy("notifications.id")
    .limit(options.limit);
  if (options.exclude && options.exclude.length > 0) query = query.where("notifications.id", "not in", options.exclude);
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id,
    chatId: r.chatId,
    kind: r.kind,
    quietHours:
      r.quiet_hours_start === null || r.quiet_hours_end === null
        ? null
        : { start: r.quiet_hours_start, end: r.quiet_hours_end },
  }));
}

/**
 * Claims one pending row, hands it to `deliver` and records the outcome, all in one transaction.
 * `for update skip locked` makes the claim exclusive: a second process trying the same row gets
 * nothing (null) rather than waiting and sending it again. The lock lasts only as long as one send;
 * if the process dies mid-send the transaction rolls back and the row is tried again later (a
 * message may then arrive twice, never zero times).
 */
export async function deliverNotification(
  db: Db,
  id: number,
  deliver: (row: ClaimedNotification) => Promise<DeliveryOutcome>,
  now: Date,
): Promise<{ outcome: DeliveryOutcome; row: ClaimedNotification } | null> {
  return db.transaction().execute(async (trx) => {
    const found = await trx
      .selectFrom("notifications")
      .leftJoin("users", "users.telegram_id", "notifications.chat_id")
      .where("notifications.id", "=", id)
      .where("notifications.status", "=", "pending")
      .select([
        "notifications.id",
        "notifications.chat_id",
        "notifications.kind",
        "notifications.payload",
        "notifications.attempts",
        "notifications.created_at",
        "users.id as user_id",
        "users.locale",
        "users.language_code",
      ])
      // Only the outbox row is locked; the users row is merely read.
      .forUpdate("notifications")
      .skipLocked()
      .executeTakeFirst();
    if (!found) return null;
    const row: ClaimedNotification = {
      id: found.id,
      chatId: found.chat_id,
      kind: found.kind,
      payload: found.payload,
      attempts: found.attempts,
      createdAt: found.created_at,
      recipient: found.user_id === null ? null : { locale: found.locale, languageCode: found.language_code },
    };
    const outcome = await deliver(row);
    const update = trx.updateTable("notifications").where("id", "=", id);
    if (outcome.status === "sent") {
      await update.set({ status: "sent", sent_at: now, last_error: null }).execute();
    } else if (outcome.status === "failed") {
      await update
        .set((eb) => ({ status: "failed", attempts: eb("attempts", "+", 1), last_error: outcome.error }))
        .execute();
    } else {
      await update
        .set((eb) => ({
          attempts: outcome.countAttempt ? eb("attempts", "+", 1) : eb.ref("attempts"),
          last_error: outcome.error,
        }))
        .execute();
    }
    return { outcome, row };
  });
}
