import { enqueueMessages } from "../outbox.ts";
import type { Executor } from "./executor.ts";

/**
 * What admins are told about the sales engine (a login step, a paused account, a qualified lead…),
 * one outbox row per admin chat, worded by the notifier in each admin's language from
 * `sales.events.<event>`. `key` makes it idempotent: the same event is queued once per chat.
 */
export interface SalesEvent {
  event: string;
  params: Record<string, string | number>;
  key: string;
}

/** Admin chats: the configured ids plus users the API made admins. */
export async function adminChatIds(db: Executor, configured: readonly number[]): Promise<number[]> {
  const rows = await db.selectFrom("users").where("role", "=", "admin").select("telegram_id").execute();
  return [...new Set([...configured, ...rows.map((r) => r.telegram_id)])];
}

export async function enqueueSalesEvent(db: Executor, chatIds: readonly number[], event: SalesEvent): Promise<number> {
  return enqueueMessages(
    db,
    chatIds.map((chatId) => ({
      chatId,
      kind: "sales.event",
      dedupeKey: `sales:${event.key}:${chatId}`,
      payload: { event: event.event, params: event.params },
    })),
  );
}
