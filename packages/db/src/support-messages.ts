import { sql, type Transaction } from "kysely";
import type { Db } from "./connect.ts";
import type { Database } from "./schema.ts";

/** A seller's message to the team, as an admin reads it (the `support.message` outbox payload). */
export interface SupportMessage {
  telegramId: number;
  name: string;
  username: string | null;
  organization: string;
  text: string;
}

/**
 * Keeps a seller's `/support` message and delivers it at once if the team can read it (see
 * `deliverKeptSupport`). Returns whether it was delivered; if not, it is kept for later. Run it in
 * the transaction that records the message's audit entry.
 */
export async function keepSupportMessage(
  trx: Transaction<Database>,
  message: { id: string; organizationId: number; userId: number; payload: SupportMessage },
): Promise<boolean> {
  await trx
    .insertInto("support_messages")
    .values({
      id: message.id,
      organization_id: message.organizationId,
      user_id: message.userId,
      payload: JSON.stringify(message.payload),
    })
    .execute();
  const delivered = await deliverKeptSupport(trx, [message.id]);
  return delivered > 0;
}

/**
 * Delivers kept support messages — those given, or every one not yet delivered — to every admin who
 * has a chat with the bot (a user with the admin role: one who has opened it), through the outbox,
 * one message per admin and support message. With no such admin nothing changes and the messages
 * stay kept. One statement; two runs at once deliver each message once (the row is updated by one,
 * the other finds it delivered). Returns how many messages were delivered.
 */
export async function deliverKeptSupport(db: Db | Transaction<Database>, ids?: readonly string[]): Promise<number> {
  const only = ids ? sql`and id = any(${ids}::uuid[])` : sql``;
  const { rows } = await sql<{ delivered: number }>`
    with admins as (
      select telegram_id from users where role = 'admin'
    ), kept as (
      update support_messages set delivered_at = now()
       where delivered_at is null ${only} and exists (select 1 from admins)
      returning id, organization_id, payload, created_at
    ), queued as (
      insert into notifications (organization_id, chat_id, kind, dedupe_key, payload)
      select null, a.telegram_id, 'support.message', 'support.message:' || k.id || ':' || a.telegram_id, k.payload
        from kept k cross join admins a
       order by k.created_at, a.telegram_id
      on conflict (dedupe_key) do nothing
    )
    select count(*)::int as delivered from kept`.execute(db);
  return rows[0]?.delivered ?? 0;
}
