import { randomInt } from "node:crypto";
import { type Selectable, sql } from "kysely";
import type { Db } from "../connect.ts";
import type { SalesOutboxKind, SalesOutboxTable } from "../schema.ts";
import type { Executor } from "./executor.ts";
import { type Reservation, reserveSend, type SendLimits } from "./reserve-send.ts";

export type SalesOutboxRow = Selectable<SalesOutboxTable>;

/** A random_id for Telegram: positive, below 2^53 (JavaScript numbers hold it exactly). */
export const newRandomId = () => randomInt(1, 2 ** 47) * 64 + randomInt(0, 64);

/**
 * Queues a message to send from an account. An AI message (opener or reply) conflicts with another
 * one still on its way for the same dialog: then nothing is queued and null is returned.
 */
export async function enqueueSalesMessage(
  db: Executor,
  input: {
    dialogId: number;
    accountId: number;
    kind: SalesOutboxKind;
    text: string;
    notBefore?: Date;
    answersUpTo?: number | null;
    typingMs?: number;
    promptVersion?: number | null;
    model?: string | null;
    promptTokens?: number | null;
    completionTokens?: number | null;
    authorUserId?: number | null;
  },
): Promise<number | null> {
  const row = await db
    .insertInto("sales_outbox")
    .values({
      dialog_id: input.dialogId,
      account_id: input.accountId,
      kind: input.kind,
      text: input.text,
      random_id: newRandomId(),
      ...(input.notBefore ? { not_before: input.notBefore } : {}),
      answers_up_to: input.answersUpTo ?? null,
      typing_ms: input.typingMs ?? 0,
      prompt_version: input.promptVersion ?? null,
      model: input.model ?? null,
      prompt_tokens: input.promptTokens ?? null,
      completion_tokens: input.completionTokens ?? null,
      author_user_id: input.authorUserId ?? null,
    })
    .onConflict((oc) =>
      oc
        .column("dialog_id")
        .where("status", "in", ["pending", "sending"])
        .where("kind", "in", ["opener", "reply"])
        .doNothing(),
    )
    .returning("id")
    .executeTakeFirst();
  return row?.id ?? null;
}

/** What an account has to send now: due pending rows and rows caught mid-send by a crash. */
export async function dueSalesOutbox(db: Executor, accountId: number, now: Date): Promise<SalesOutboxRow[]> {
  return db
    .selectFrom("sales_outbox")
    .where("account_id", "=", accountId)
    .where((eb) =>
      eb.or([eb("status", "=", "sending"), eb.and([eb("status", "=", "pending"), eb("not_before", "<=", now)])]),
    )
    .selectAll()
    .orderBy("not_before")
    .orderBy("id")
    .limit(20)
    .execute();
}

export type BeginSend =
  | { ok: true; row: SalesOutboxRow; resumed: boolean }
  | { ok: false; reservation: Exclude<Reservation, { ok: true }> }
  | null;

/**
 * Before a row goes to Telegram: charge the account (limits, lease) and mark the row `sending`,
 * in one transaction. A row already `sending` (a crash between Telegram and our record) was
 * charged then: it only waits for the minimum delay and is resent with its own random_id, which
 * Telegram refuses as a duplicate if the first attempt did get through. Null: the row is gone,
 * finished, or another process holds it.
 */
export async function beginSalesSend(
  db: Db,
  input: { rowId: number; owner: string; day: string; limits: SendLimits },
): Promise<BeginSend> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom("sales_outbox")
      .where("id", "=", input.rowId)
      .where("status", "in", ["pending", "sending"])
      .selectAll()
      .forUpdate()
      .skipLocked()
      .executeTakeFirst();
    if (!row) return null;
    const resumed = row.status === "sending";
    const reservation = await reserveSend(trx, {
      accountId: row.account_id,
      owner: input.owner,
      day: input.day,
      limits: input.limits,
      countDaily: !resumed,
    });
    if (!reservation.ok) return { ok: false, reservation } as const;
    const updated = await trx
      .updateTable("sales_outbox")
      .set((eb) => ({ status: "sending", sending_at: sql<Date>`now()`, attempts: eb("attempts", "+", 1) }))
      .where("id", "=", row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return { ok: true, row: updated, resumed } as const;
  });
}

/** Back to pending (to try again at `notBefore`), or failed for good. */
export async function settleSalesSend(
  db: Executor,
  rowId: number,
  outcome: { status: "pending"; notBefore: Date; error: string } | { status: "failed" | "cancelled"; error: string },
): Promise<void> {
  await db
    .updateTable("sales_outbox")
    .set({
      status: outcome.status,
      last_error: outcome.error,
      ...(outcome.status === "pending" ? { not_before: outcome.notBefore } : {}),
    })
    .where("id", "=", rowId)
    .execute();
}

/** Marks the row sent and writes it into the transcript with its prompt version, model and tokens. */
export async function recordSalesSent(
  db: Executor,
  row: SalesOutboxRow,
  telegramMessageId: number | null,
): Promise<void> {
  await db
    .updateTable("sales_outbox")
    .set({ status: "sent", sent_at: sql<Date>`now()`, telegram_message_id: telegramMessageId, last_error: null })
    .where("id", "=", row.id)
    .execute();
  await db
    .insertInto("sales_messages")
    .values({
      dialog_id: row.dialog_id,
      direction: "out",
      author: row.kind === "admin" ? "admin" : "ai",
      content: row.text,
      telegram_message_id: telegramMessageId,
      at: sql<Date>`now()`,
      prompt_version: row.prompt_version,
      model: row.model,
      prompt_tokens: row.prompt_tokens,
      completion_tokens: row.completion_tokens,
    })
    .execute();
}
