import {
  beginSalesSend,
  dueSalesOutbox,
  latestIncoming,
  lockSalesDialog,
  recordSalesSent,
  type SalesOutboxRow,
  settleSalesSend,
  updateSalesDialog,
} from "@slotpilot/db";
import { localDay, nextActiveTime, nextDialogStatus } from "@slotpilot/domain";
import { pausesAccount, TelegramUserError } from "@slotpilot/telegram-user";
import { sql } from "kysely";
import { handleAccountError } from "./account-errors.ts";
import { closeDialog } from "./answer.ts";
import { type Account, type EngineContext, peerOf } from "./context.ts";

const MAX_ATTEMPTS = 5;

/** Sends what `account` has due, one message at a time. Returns false when the account had to stop. */
export async function sendDueMessages(ctx: EngineContext, account: Account): Promise<boolean> {
  for (const row of await dueSalesOutbox(ctx.db, account.id, ctx.now())) {
    if (ctx.signal.aborted) return true;
    const outcome = await sendOne(ctx, account, row);
    if (outcome === "stopped") return false;
    if (outcome === "wait") return true;
  }
  return true;
}

/**
 * One outbox row through its checks to Telegram: still wanted (dialog open, AI not replaced by an
 * admin — the AI's own holding reply when it asks for a human does go out —, no newer message from
 * the prospect), inside active hours (AI messages), allowed by the
 * account's limits — then "typing…" for a while, and the send with the row's own random_id.
 * `wait`: the account cannot send more now. `stopped`: the account was paused.
 */
export async function sendOne(
  ctx: EngineContext,
  account: Account,
  row: SalesOutboxRow,
): Promise<"sent" | "skipped" | "wait" | "stopped"> {
  const dialog = await ctx.db
    .selectFrom("sales_dialogs")
    .where("id", "=", row.dialog_id)
    .selectAll()
    .executeTakeFirst();
  const peer = dialog ? peerOf(dialog) : null;
  const ai = row.kind !== "admin";
  if (!dialog || !peer || dialog.status === "closed" || (ai && dialog.taken_over_by !== null)) {
    await settleSalesSend(ctx.db, row.id, { status: "cancelled", error: "dialog closed or taken over" });
    return "skipped";
  }
  if (row.status === "pending") {
    if (ai && row.kind === "reply" && (await isStale(ctx, row))) return "skipped";
    const now = ctx.now();
    const active = nextActiveTime(now, ctx.hours);
    if (ai && active > now) {
      await settleSalesSend(ctx.db, row.id, { status: "pending", notBefore: active, error: "outside active hours" });
      return "skipped";
    }
    const wait = await sendAllowedIn(ctx, account.id);
    if (wait !== 0) {
      const notBefore = wait === null ? nextDay(ctx) : new Date(now.getTime() + wait);
      await settleSalesSend(ctx.db, row.id, {
        status: "pending",
        notBefore,
        error: wait === null ? "daily limit" : "minimum delay",
      });
      return "wait";
    }
    if (row.typing_ms > 0) {
      try {
        await typeFor(ctx, account, peer, row.typing_ms);
      } catch (err) {
        if (await handleAccountError(ctx, account, err)) return "stopped";
      }
      // The prospect wrote again while we typed: that answer is stale, the dialog is answered afresh.
      if (row.kind === "reply" && (await isStale(ctx, row))) return "skipped";
    }
  }

  const begun = await beginSalesSend(ctx.db, { rowId: row.id, owner: ctx.owner, day: ctx.today(), limits: ctx.limits });
  if (begun === null) return "skipped";
  if (!begun.ok) {
    const r = begun.reservation;
    if (r.reason === "lease_lost" || r.reason === "not_active") {
      await ctx.dropAccount(account.id);
      return "stopped";
    }
    const notBefore = r.retryAt ?? nextDay(ctx);
    await settleSalesSend(ctx.db, row.id, { status: "pending", notBefore, error: r.reason });
    return "wait";
  }

  try {
    const sent = await account.client.sendMessage(peer, begun.row.text, begun.row.random_id);
    await ctx.db.transaction().execute(async (trx) => {
      await recordSalesSent(trx, begun.row, sent.messageId);
      const locked = await lockSalesDialog(trx, row.dialog_id);
      if (locked && row.kind === "opener") {
        const status = nextDialogStatus(locked.status, "opener_sent");
        if (status) await updateSalesDialog(trx, row.dialog_id, { status });
      }
    });
    if (sent.duplicate) ctx.log.info("sales message was already delivered before a restart", { outboxId: row.id });
    return "sent";
  } catch (err) {
    return failed(ctx, account, begun.row, err);
  }
}

async function failed(
  ctx: EngineContext,
  account: Account,
  row: SalesOutboxRow,
  err: unknown,
): Promise<"skipped" | "wait" | "stopped"> {
  const kind = err instanceof TelegramUserError ? err.kind : "unknown";
  if (err instanceof TelegramUserError && (kind === "flood_wait" || pausesAccount(kind))) {
    // Telegram refused the message: it waits for the account (the wait, or an admin's resume).
    const notBefore = new Date(ctx.now().getTime() + err.seconds * 1000);
    await settleSalesSend(ctx.db, row.id, { status: "pending", notBefore, error: kind });
    await handleAccountError(ctx, account, err);
    return "stopped";
  }
  if (kind === "user_unreachable" || kind === "privacy_restricted") {
    await settleSalesSend(ctx.db, row.id, { status: "failed", error: kind });
    const dialog = await ctx.db
      .selectFrom("sales_dialogs")
      .where("id", "=", row.dialog_id)
      .selectAll()
      .executeTakeFirst();
    if (dialog) await closeDialog(ctx, dialog, "unreachable", "dialog_unreachable");
    return "skipped";
  }
  const error = err instanceof Error ? err.message : String(err);
  if (row.attempts >= MAX_ATTEMPTS) {
    await settleSalesSend(ctx.db, row.id, {
      status: "failed",
      error: `gave up after ${row.attempts} attempts: ${error}`,
    });
    const dialog = await ctx.db
      .selectFrom("sales_dialogs")
      .where("id", "=", row.dialog_id)
      .select("target_username")
      .executeTakeFirst();
    await ctx.tellAdmins(
      ctx.db,
      "send_failed",
      { id: row.dialog_id, username: dialog?.target_username ?? "?" },
      `sendfail:${row.id}`,
    );
    return "skipped";
  }
  // Network trouble: the same random_id goes again later, so a send that did get through is not repeated.
  const notBefore = new Date(ctx.now().getTime() + 15_000 * row.attempts);
  await settleSalesSend(ctx.db, row.id, { status: "pending", notBefore, error });
  ctx.log.warn("sales message not sent; will retry", { outboxId: row.id, attempts: row.attempts, err });
  return "wait";
}

async function isStale(ctx: EngineContext, row: SalesOutboxRow): Promise<boolean> {
  const latest = await latestIncoming(ctx.db, row.dialog_id);
  if (!latest || row.answers_up_to === null || latest.id <= row.answers_up_to) return false;
  await settleSalesSend(ctx.db, row.id, { status: "cancelled", error: "a newer message arrived" });
  await updateSalesDialog(ctx.db, row.dialog_id, { reply_due_at: ctx.now() });
  return true;
}

/** 0 = the limits allow a send now; ms to wait for the minimum delay; null = today's limit is spent. */
async function sendAllowedIn(ctx: EngineContext, accountId: number): Promise<number | null> {
  const row = await ctx.db
    .selectFrom("sales_accounts")
    .where("id", "=", accountId)
    .select([
      "messages_day",
      "messages_today",
      sql<number>`greatest(0, extract(epoch from (last_sent_at + ${ctx.limits.minMessageDelayMs} * interval '1 millisecond' - now())) * 1000)`.as(
        "wait_ms",
      ),
    ])
    .executeTakeFirst();
  if (!row) return 0;
  if (row.messages_day === ctx.today() && row.messages_today >= ctx.limits.maxDailyMessages) return null;
  return Math.ceil(Number(row.wait_ms ?? 0));
}

async function typeFor(ctx: EngineContext, account: Account, peer: NonNullable<ReturnType<typeof peerOf>>, ms: number) {
  const end = ctx.clock.now() + ms;
  while (!ctx.signal.aborted) {
    await account.client.setTyping(peer, true);
    const left = end - ctx.clock.now();
    if (left <= 0) break;
    await ctx.clock.sleep(Math.min(left, ctx.pacing.typingPulseMs), ctx.signal);
  }
}

/** The first hour of the next day in the sales time zone: when a spent daily limit is fresh again. */
function nextDay(ctx: EngineContext): Date {
  const today = ctx.today();
  let probe = new Date(ctx.now().getTime() + 3600_000);
  while (localDay(probe, ctx.hours.timeZone) === today) probe = new Date(probe.getTime() + 3600_000);
  return probe;
}
