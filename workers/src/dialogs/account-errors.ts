import { pauseSalesAccount, reassignNewDialogs, sleepSalesAccount } from "@slotpilot/db";
import { pausesAccount, TelegramUserError } from "@slotpilot/telegram-user";
import type { Account, EngineContext } from "./context.ts";

/**
 * What an account-level refusal means: a FloodWait is slept off (a long one pauses the account
 * until it ends and admins are told); PEER_FLOOD, a restriction, a revoked or duplicated session
 * pause the account until an admin resumes it — dialogs not yet started move to another account.
 * Returns true when the account was stopped (the caller must not use it further this tick).
 */
export async function handleAccountError(ctx: EngineContext, account: Account, err: unknown): Promise<boolean> {
  const error = err instanceof TelegramUserError ? err : null;
  if (!error) return false;
  if (error.kind === "flood_wait") {
    const until = new Date(ctx.now().getTime() + error.seconds * 1000);
    if (error.seconds <= ctx.longFloodWaitS) {
      await sleepSalesAccount(ctx.db, account.id, until);
      ctx.log.info("sales account sleeps off a FloodWait", { phone: account.phone, seconds: error.seconds });
      return true;
    }
    await ctx.db.transaction().execute(async (trx) => {
      if (await pauseSalesAccount(trx, account.id, "flood_wait", until)) {
        await ctx.tellAdmins(
          trx,
          "account_flood_wait",
          { phone: account.phone, minutes: Math.ceil(error.seconds / 60) },
          `flood:${account.id}:${until.getTime()}`,
        );
      }
    });
    await ctx.dropAccount(account.id);
    return true;
  }
  if (!pausesAccount(error.kind)) return false;
  await ctx.db.transaction().execute(async (trx) => {
    if (await pauseSalesAccount(trx, account.id, error.kind)) {
      const moved = await reassignNewDialogs(trx, account.id, ctx.today());
      await ctx.tellAdmins(
        trx,
        "account_paused",
        { phone: account.phone, reason: error.kind, moved },
        `paused:${account.id}:${ctx.now().getTime()}`,
      );
    }
  });
  ctx.log.warn("sales account paused", { phone: account.phone, reason: error.kind });
  await ctx.dropAccount(account.id);
  return true;
}
