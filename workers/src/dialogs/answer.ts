import {
  cancelPendingOutbox,
  currentPrompt,
  dialogHistory,
  enqueueSalesMessage,
  latestIncoming,
  lockSalesDialog,
  type SalesDialogRow,
  updateSalesDialog,
} from "@slotpilot/db";
import { aiMayAnswer, nextActiveTime, nextDialogStatus, parseAssistantReply, REPLY_PROTOCOL } from "@slotpilot/domain";
import { TelegramUserError } from "@slotpilot/telegram-user";
import { handleAccountError } from "./account-errors.ts";
import { type Account, type EngineContext, peerOf } from "./context.ts";
import type { LlmMessage } from "./llm.ts";

/**
 * Dialogs of `account` that need the AI now: new ones get their opener (the user is resolved
 * first), answered ones a reply. Returns false when the account had to stop.
 */
export async function answerDueDialogs(ctx: EngineContext, account: Account): Promise<boolean> {
  const due = await ctx.db
    .selectFrom("sales_dialogs")
    .where("account_id", "=", account.id)
    .where("reply_due_at", "<=", ctx.now())
    .where("status", "<>", "closed")
    .selectAll()
    .orderBy("reply_due_at")
    .limit(10)
    .execute();
  for (const dialog of due) {
    if (ctx.signal.aborted) return true;
    try {
      if (dialog.status === "new") await openDialog(ctx, account, dialog);
      else await replyTo(ctx, account, dialog);
    } catch (err) {
      if (await handleAccountError(ctx, account, err)) return false;
      ctx.log.warn("sales dialog: could not answer", { dialogId: dialog.id, err });
    }
  }
  return true;
}

async function openDialog(ctx: EngineContext, account: Account, dialog: SalesDialogRow): Promise<void> {
  let peer = peerOf(dialog);
  let firstName = dialog.target_username;
  if (!peer) {
    try {
      const user = await account.client.resolveUsername(dialog.target_username);
      if (user.isBot) throw new TelegramUserError("username_not_found", "a bot");
      peer = user.peer;
      firstName = user.firstName || firstName;
    } catch (err) {
      if (err instanceof TelegramUserError && err.kind === "username_not_found") {
        await closeDialog(ctx, dialog, "not_found", "dialog_not_found");
        return;
      }
      throw err;
    }
    const optedOut = await ctx.db
      .selectFrom("sales_opt_outs")
      .where("telegram_user_id", "=", peer.userId)
      .select("username_key")
      .executeTakeFirst();
    if (optedOut) {
      await closeDialog(ctx, dialog, "opted_out", "dialog_opted_out_before");
      return;
    }
    await updateSalesDialog(ctx.db, dialog.id, { target_user_id: peer.userId, target_access_hash: peer.accessHash });
  }
  const messages: LlmMessage[] = [
    {
      role: "user",
      content: `(The conversation has not started. Write the opening message to ${firstName}, @${dialog.target_username}.)`,
    },
  ];
  await generateAndQueue(ctx, account, dialog, messages, null, "opener");
}

async function replyTo(ctx: EngineContext, account: Account, dialog: SalesDialogRow): Promise<void> {
  if (!aiMayAnswer(dialog.status, dialog.taken_over_by !== null)) {
    await updateSalesDialog(ctx.db, dialog.id, { reply_due_at: null });
    return;
  }
  const now = ctx.now();
  const active = nextActiveTime(now, ctx.hours);
  if (active > now) {
    await updateSalesDialog(ctx.db, dialog.id, { reply_due_at: active });
    return;
  }
  const peer = peerOf(dialog);
  const latest = await latestIncoming(ctx.db, dialog.id);
  if (!peer || !latest) {
    await updateSalesDialog(ctx.db, dialog.id, { reply_due_at: null });
    return;
  }
  // The read receipt: the person sees their message read a few seconds after sending it.
  await account.client.markRead(peer, latest.telegramMessageId);
  const history = await dialogHistory(ctx.db, dialog.id);
  const messages: LlmMessage[] = history.map((m) => ({
    role: m.direction === "in" ? "user" : "assistant",
    content: m.content,
  }));
  await generateAndQueue(ctx, account, dialog, messages, latest.id, "reply");
}

/**
 * Asks the model and queues what it wrote — unless the answer is broken (then retry later, or
 * after `maxLlmFailures` hand the dialog to a human) or a newer message arrived meanwhile (then the
 * dialog stays due and is answered again, with the new message in view).
 */
async function generateAndQueue(
  ctx: EngineContext,
  account: Account,
  dialog: SalesDialogRow,
  conversation: LlmMessage[],
  answersUpTo: number | null,
  kind: "opener" | "reply",
): Promise<void> {
  const prompt = await currentPrompt(ctx.db);
  const messages: LlmMessage[] = [{ role: "system", content: `${prompt.text}\n${REPLY_PROTOCOL}` }, ...conversation];
  let problem: string;
  try {
    const reply = await ctx.llm.complete(messages);
    const parsed = parseAssistantReply(reply.text, reply.finishReason);
    if (parsed.ok) {
      await ctx.db.transaction().execute(async (trx) => {
        const row = await lockSalesDialog(trx, dialog.id);
        if (!row || row.status === "closed" || row.taken_over_by !== null) return;
        if (kind === "reply") {
          const latest = await latestIncoming(trx, dialog.id);
          // A newer message came while the model was thinking: answer it instead (reply_due_at is set).
          if (latest && latest.id !== answersUpTo) return;
          await cancelPendingOutbox(trx, dialog.id, ["reply"]);
        } else if (row.status !== "new") return;
        const queued = await enqueueSalesMessage(trx, {
          dialogId: dialog.id,
          accountId: account.id,
          kind,
          text: parsed.text,
          answersUpTo,
          typingMs: ctx.pacing.typingMs(parsed.text, ctx.random()),
          promptVersion: prompt.version,
          model: reply.model,
          promptTokens: reply.promptTokens,
          completionTokens: reply.completionTokens,
        });
        // Another AI message is mid-send: look again in a moment.
        if (queued === null) {
          await updateSalesDialog(trx, dialog.id, { reply_due_at: new Date(ctx.now().getTime() + 2000) });
          return;
        }
        await updateSalesDialog(trx, dialog.id, { reply_due_at: null, llm_failures: 0 });
        const base = { id: row.id, username: row.target_username };
        if (parsed.qualified && nextDialogStatus(row.status, "qualified")) {
          await updateSalesDialog(trx, dialog.id, { status: "qualified", qualified_at: ctx.now() });
          await ctx.tellAdmins(trx, "lead_qualified", base, `qualified:${row.id}`);
        }
        if (parsed.handOver) {
          await updateSalesDialog(trx, dialog.id, { status: nextDialogStatus(row.status, "hand_over") ?? row.status });
          await ctx.tellAdmins(trx, "handed_over", base, `handover:${row.id}:${answersUpTo ?? 0}`);
        }
      });
      return;
    }
    problem = parsed.problem;
  } catch (err) {
    problem = err instanceof Error ? err.message : String(err);
  }
  await llmFailed(ctx, dialog, problem);
}

async function llmFailed(ctx: EngineContext, dialog: SalesDialogRow, problem: string): Promise<void> {
  const failures = dialog.llm_failures + 1;
  ctx.log.warn("sales dialog: no usable answer from the model", { dialogId: dialog.id, failures, problem });
  if (failures < ctx.maxLlmFailures) {
    const retryAt = new Date(ctx.now().getTime() + ctx.llmRetryMs * failures);
    await updateSalesDialog(ctx.db, dialog.id, { llm_failures: failures, reply_due_at: retryAt });
    return;
  }
  await ctx.db.transaction().execute(async (trx) => {
    const row = await lockSalesDialog(trx, dialog.id);
    if (!row || row.status === "closed") return;
    const status = nextDialogStatus(row.status, "hand_over") ?? row.status;
    await updateSalesDialog(trx, dialog.id, { status, llm_failures: failures, reply_due_at: null });
    await ctx.tellAdmins(
      trx,
      "handed_over_llm",
      { id: row.id, username: row.target_username },
      `handover-llm:${row.id}:${failures}:${ctx.now().getTime()}`,
    );
  });
}

export async function closeDialog(
  ctx: EngineContext,
  dialog: SalesDialogRow,
  reason: string,
  event: string,
): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    const row = await lockSalesDialog(trx, dialog.id);
    if (!row || row.status === "closed") return;
    await cancelPendingOutbox(trx, row.id, ["opener", "reply", "admin"]);
    await updateSalesDialog(trx, row.id, { status: "closed", close_reason: reason, reply_due_at: null });
    await ctx.tellAdmins(trx, event, { id: row.id, username: row.target_username }, `${event}:${row.id}`);
  });
}
