import type { Transaction } from "kysely";
import type { Db } from "./connect.ts";
import type { Database } from "./schema.ts";

/** One Telegram message for the outbox; the notifier words it from `kind` and `payload` in the reader's language. */
export interface OutboxMessage {
  chatId: number;
  kind: string;
  /** A second message with the same key is never queued: the idempotency key of the side effect. */
  dedupeKey: string;
  payload: Record<string, unknown>;
  organizationId?: number | null;
}

/**
 * Queues messages for the notifier, in one statement (inside the caller's transaction when given
 * one). Every message Slotpilot sends to Telegram goes this way, so each one is within Telegram's
 * limits, retried when Telegram fails, and sent once. Returns how many were new.
 */
export async function enqueueMessages(
  db: Db | Transaction<Database>,
  messages: readonly OutboxMessage[],
): Promise<number> {
  if (messages.length === 0) return 0;
  const rows = await db
    .insertInto("notifications")
    .values(
      messages.map((m) => ({
        organization_id: m.organizationId ?? null,
        chat_id: m.chatId,
        kind: m.kind,
        dedupe_key: m.dedupeKey,
        payload: JSON.stringify(m.payload),
      })),
    )
    .onConflict((oc) => oc.column("dedupe_key").doNothing())
    .returning("id")
    .execute();
  return rows.length;
}
