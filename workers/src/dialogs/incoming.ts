import {
  cancelPendingOutbox,
  lockSalesDialog,
  recordIncomingMessage,
  recordOptOut,
  updateSalesDialog,
} from "@slotpilot/db";
import { aiMayAnswer, type DialogStatus, detectOptOut, nextDialogStatus } from "@slotpilot/domain";
import type { IncomingMessage } from "@slotpilot/telegram-user";
import type { Account, EngineContext } from "./context.ts";

/**
 * A message from a prospect: stored once, then — in the same transaction — an opt-out closes the
 * dialog for good; otherwise the dialog moves on and, if the AI answers it, is due for a read
 * receipt and a reply after a human delay (a newer message pushes that moment back, and makes any
 * reply not yet sent stale). A held or handed-over dialog forwards the message to the admins.
 * Messages from people without a live dialog on this account are none of the engine's business.
 */
export async function handleIncoming(ctx: EngineContext, account: Account, message: IncomingMessage): Promise<void> {
  const dialog = await ctx.db
    .selectFrom("sales_dialogs")
    .where("account_id", "=", account.id)
    .where("target_user_id", "=", message.fromUserId)
    .where("status", "<>", "closed")
    .select("id")
    .executeTakeFirst();
  if (!dialog) return;
  await ctx.db.transaction().execute(async (trx) => {
    const row = await lockSalesDialog(trx, dialog.id);
    if (!row || row.status === "closed") return;
    const stored = await recordIncomingMessage(trx, {
      dialogId: row.id,
      telegramMessageId: message.messageId,
      text: message.text,
      at: message.date,
    });
    if (stored === null) return;
    const base = { id: row.id, username: row.target_username };

    const phrase = detectOptOut(message.text);
    if (phrase) {
      await recordOptOut(trx, {
        username: row.target_username,
        telegramUserId: row.target_user_id,
        dialogId: row.id,
        phrase,
      });
      await cancelPendingOutbox(trx, row.id, ["opener", "reply", "admin"]);
      await updateSalesDialog(trx, row.id, { status: "closed", close_reason: "opted_out", reply_due_at: null });
      await ctx.tellAdmins(trx, "dialog_opted_out", { ...base, phrase }, `optout:${row.id}`);
      return;
    }

    const status: DialogStatus = nextDialogStatus(row.status, "incoming") ?? row.status;
    const takenOver = row.taken_over_by !== null;
    const dueAt = aiMayAnswer(status, takenOver)
      ? new Date(ctx.now().getTime() + ctx.pacing.readDelayMs(ctx.random()))
      : null;
    await updateSalesDialog(trx, row.id, { status, reply_due_at: dueAt });
    if (!aiMayAnswer(status, takenOver)) {
      const holder = takenOver
        ? await trx.selectFrom("users").where("id", "=", row.taken_over_by).select("telegram_id").executeTakeFirst()
        : undefined;
      await ctx.tellAdmins(
        trx,
        "incoming_for_admin",
        { ...base, text: message.text.slice(0, 3000) },
        `in:${row.id}:${message.messageId}`,
        holder ? [holder.telegram_id] : undefined,
      );
    }
  });
}
