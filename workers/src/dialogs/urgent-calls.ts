import { claimUrgentCall, finishUrgentCall, reserveSend } from "@slotpilot/db";
import { TelegramUserError } from "@slotpilot/telegram-user";
import { handleAccountError } from "./account-errors.ts";
import type { Account, EngineContext } from "./context.ts";

/**
 * Urgent calls on `account`: claim one queued by `enqueueUrgentAlert`, reach the seller by their
 * username, spend one message of the account's limits, ring, hang up unanswered, then queue the
 * usual message. When the account cannot (limits, privacy, refusal) the message goes alone.
 */
export async function placeUrgentCalls(ctx: EngineContext, account: Account): Promise<boolean> {
  const call = await claimUrgentCall(ctx.db, account.id);
  if (!call) return true;
  if (!call.username) {
    await finishUrgentCall(ctx.db, call, "skipped", "the seller has no username");
    return true;
  }
  try {
    const { peer } = await account.client.resolveUsername(call.username);
    const reservation = await reserveSend(ctx.db, {
      accountId: account.id,
      owner: ctx.owner,
      day: ctx.today(),
      limits: ctx.limits,
    });
    if (!reservation.ok) {
      // Back to the queue: another account may take it before the deadline, else the message goes alone.
      await finishUrgentCall(ctx.db, call, "pending", `account ${reservation.reason}`);
      await ctx.db.updateTable("urgent_calls").set({ account_id: null }).where("id", "=", call.id).execute();
      return true;
    }
    await account.client.ring(peer, ctx.ringMs);
    await finishUrgentCall(ctx.db, call, "rang", null);
    return true;
  } catch (err) {
    const kind = err instanceof TelegramUserError ? err.kind : "unknown";
    await finishUrgentCall(
      ctx.db,
      call,
      kind === "privacy_restricted" || kind === "username_not_found" ? "unreachable" : "skipped",
      kind,
    );
    return !(await handleAccountError(ctx, account, err));
  }
}
