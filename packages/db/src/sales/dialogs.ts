import type { Selectable } from "kysely";
import { sql, type Transaction } from "kysely";
import type { Db } from "../connect.ts";
import type { Database, SalesDialogStatus, SalesDialogsTable } from "../schema.ts";
import { leastUsedHealthyAccount } from "./accounts.ts";
import type { Executor } from "./executor.ts";

export type SalesDialogRow = Selectable<SalesDialogsTable>;

export interface SalesDialogSummary {
  id: number;
  username: string;
  status: SalesDialogStatus;
  closeReason: string | null;
  accountPhone: string;
  takenOverBy: number | null;
  messages: number;
  lastMessageAt: Date | null;
  createdAt: Date;
}

export interface SalesMessageView {
  direction: "in" | "out";
  author: "prospect" | "ai" | "admin";
  content: string;
  at: Date;
  promptVersion: number | null;
  model: string | null;
  promptTokens: number | null;
  completionTokens: number | null;
}

export type CreateDialogResult =
  | { ok: true; dialog: SalesDialogRow }
  | { ok: false; reason: "opted_out" | "already_active" | "no_account" };

/**
 * Opens a dialog with @username on the least-used healthy account; the engine resolves the user
 * and sends the opener. Refused for someone who opted out (ever) or already in a live dialog.
 */
export async function createSalesDialog(
  db: Db,
  input: { username: string; createdBy: number; day: string },
): Promise<CreateDialogResult> {
  return db.transaction().execute(async (trx) => {
    const optedOut = await trx
      .selectFrom("sales_opt_outs")
      .where("username_key", "=", input.username.toLowerCase())
      .select("username_key")
      .executeTakeFirst();
    if (optedOut) return { ok: false, reason: "opted_out" } as const;
    const accountId = await leastUsedHealthyAccount(trx, input.day);
    if (accountId === null) return { ok: false, reason: "no_account" } as const;
    const dialog = await trx
      .insertInto("sales_dialogs")
      .values({
        account_id: accountId,
        target_username: input.username,
        created_by: input.createdBy,
        reply_due_at: sql<Date>`now()`,
      })
      .onConflict((oc) => oc.expression(sql`lower(target_username)`).where("status", "<>", "closed").doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!dialog) return { ok: false, reason: "already_active" } as const;
    return { ok: true, dialog } as const;
  });
}

export async function listSalesDialogs(
  db: Executor,
  options: { activeOnly: boolean; limit?: number; id?: number },
): Promise<SalesDialogSummary[]> {
  let query = db
    .selectFrom("sales_dialogs as d")
    .innerJoin("sales_accounts as a", "a.id", "d.account_id")
    .select([
      "d.id",
      "d.target_username",
      "d.status",
      "d.close_reason",
      "a.phone",
      "d.taken_over_by",
      "d.created_at",
      (eb) =>
        eb
          .selectFrom("sales_messages as m")
          .whereRef("m.dialog_id", "=", "d.id")
          .select((s) => s.fn.countAll<number>().as("n"))
          .as("messages"),
      (eb) =>
        eb
          .selectFrom("sales_messages as m")
          .whereRef("m.dialog_id", "=", "d.id")
          .select((s) => s.fn.max("m.at").as("at"))
          .as("last_message_at"),
    ])
    .orderBy("d.id", "desc")
    .limit(options.limit ?? 200);
  if (options.activeOnly) query = query.where("d.status", "<>", "closed");
  if (options.id !== undefined) query = query.where("d.id", "=", options.id);
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id,
    username: r.target_username,
    status: r.status,
    closeReason: r.close_reason,
    accountPhone: r.phone,
    takenOverBy: r.taken_over_by,
    messages: Number(r.messages ?? 0),
    lastMessageAt: r.last_message_at ?? null,
    createdAt: r.created_at,
  }));
}

export async function getSalesDialog(db: Executor, id: number) {
  return db
    .selectFrom("sales_dialogs as d")
    .innerJoin("sales_accounts as a", "a.id", "d.account_id")
    .where("d.id", "=", id)
    .selectAll("d")
    .select("a.phone as account_phone")
    .executeTakeFirst();
}

export async function salesDialogMessages(db: Executor, dialogId: number): Promise<SalesMessageView[]> {
  const rows = await db
    .selectFrom("sales_messages")
    .where("dialog_id", "=", dialogId)
    .selectAll()
    .orderBy("at")
    .orderBy("id")
    .execute();
  return rows.map((r) => ({
    direction: r.direction,
    author: r.author,
    content: r.content,
    at: r.at,
    promptVersion: r.prompt_version,
    model: r.model,
    promptTokens: r.prompt_tokens,
    completionTokens: r.completion_tokens,
  }));
}

/** The dialog row, locked for the rest of `trx`: every status change goes through here. */
export async function lockSalesDialog(trx: Transaction<Database>, id: number): Promise<SalesDialogRow | undefined> {
  return trx.selectFrom("sales_dialogs").where("id", "=", id).selectAll().forUpdate().executeTakeFirst();
}

export async function updateSalesDialog(
  db: Executor,
  id: number,
  change: Partial<{
    status: SalesDialogStatus;
    close_reason: string | null;
    qualified_at: Date;
    taken_over_by: number | null;
    taken_over_at: Date | null;
    reply_due_at: Date | null;
    llm_failures: number;
    target_user_id: number;
    target_access_hash: string;
    account_id: number;
  }>,
): Promise<void> {
  await db
    .updateTable("sales_dialogs")
    .set({ ...change, updated_at: sql<Date>`now()` })
    .where("id", "=", id)
    .execute();
}

/** Pending AI or admin messages of a dialog will never go (it closed, or a human took over). */
export async function cancelPendingOutbox(
  db: Executor,
  dialogId: number,
  kinds: readonly ("opener" | "reply" | "admin")[],
): Promise<void> {
  await db
    .updateTable("sales_outbox")
    .set({ status: "cancelled" })
    .where("dialog_id", "=", dialogId)
    .where("status", "=", "pending")
    .where("kind", "in", kinds)
    .execute();
}

/** Never contact this person again, from any account. */
export async function recordOptOut(
  db: Executor,
  input: { username: string; telegramUserId: number | null; dialogId: number; phrase: string },
): Promise<void> {
  await db
    .insertInto("sales_opt_outs")
    .values({
      username_key: input.username.toLowerCase(),
      telegram_user_id: input.telegramUserId,
      dialog_id: input.dialogId,
      phrase: input.phrase,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** The dialog an admin answers now: the one they took over most recently and still hold. */
export async function currentTakeover(db: Executor, userId: number): Promise<SalesDialogRow | undefined> {
  return db
    .selectFrom("sales_dialogs")
    .where("taken_over_by", "=", userId)
    .where("status", "<>", "closed")
    .selectAll()
    .orderBy("taken_over_at", "desc")
    .limit(1)
    .executeTakeFirst();
}

/**
 * Moves dialogs that have not started yet off an account that can no longer send: their queued
 * openers are dropped (the new account writes its own) and the peer forgotten (an access hash
 * belongs to the account that resolved it). A dialog whose opener is mid-send stays.
 */
export async function reassignNewDialogs(db: Executor, fromAccountId: number, day: string): Promise<number> {
  const to = await leastUsedHealthyAccount(db, day, fromAccountId);
  if (to === null) return 0;
  const moved = await db
    .updateTable("sales_dialogs")
    .set({
      account_id: to,
      target_user_id: null,
      target_access_hash: null,
      reply_due_at: sql<Date>`now()`,
      updated_at: sql<Date>`now()`,
    })
    .where("account_id", "=", fromAccountId)
    .where("status", "=", "new")
    .where("id", "not in", (eb) => eb.selectFrom("sales_outbox").select("dialog_id").where("status", "=", "sending"))
    .returning("id")
    .execute();
  if (moved.length > 0) {
    await db
      .updateTable("sales_outbox")
      .set({ status: "cancelled", last_error: "moved to another account" })
      .where(
        "dialog_id",
        "in",
        moved.map((m) => m.id),
      )
      .where("status", "=", "pending")
      .execute();
  }
  return moved.length;
}
