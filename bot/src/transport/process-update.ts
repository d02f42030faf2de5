import { countUpdateFailure, type Db, isUpdateSettled, settleUpdate } from "@slotpilot/db";
import { type Bot, BotError, GrammyError } from "grammy";
import type { Update } from "grammy/types";
import { ApiCallError, isRefusal as isApiRefusal } from "../api-call.ts";
import type { BotContext } from "../context.ts";

export type ProcessUpdate = (update: Update) => Promise<"handled" | "duplicate" | "failed">;

/** Deliveries of one update before we stop retrying it and tell the user something went wrong. */
export const MAX_UPDATE_ATTEMPTS = 3;

/**
 * Every update, from polling or webhook, goes through here. An update already handled is skipped.
 * It is recorded as handled only after its handler finished: if the process dies in the middle, or
 * the handler fails for a reason that may pass (the database, the network), this throws and the
 * transport does not acknowledge it, so Telegram delivers it again — handlers are idempotent. A
 * refusal the user must read (the API's 4xx) or a failure that keeps happening is handed to the one
 * error boundary, `bot.catch`, which answers the user, and the update is settled.
 */
export function updateProcessor(bot: Bot<BotContext>, db: Db): ProcessUpdate {
  return async (update) => {
    if (await isUpdateSettled(db, update.update_id)) return "duplicate";
    try {
      await bot.handleUpdate(update);
    } catch (err) {
      // grammY routes handler failures to bot.catch only inside bot.start(); we poll ourselves.
      if (!(err instanceof BotError)) throw err;
      const refusal = isRefusal(err.error);
      if (!refusal && (await countUpdateFailure(db, update.update_id)) < MAX_UPDATE_ATTEMPTS) throw err;
      await bot.errorHandler(err);
      await settleUpdate(db, update.update_id, refusal ? "done" : "failed");
      return refusal ? "handled" : "failed";
    }
    await settleUpdate(db, update.update_id, "done");
    return "handled";
  };
}

/**
 * A failure that another delivery would only repeat: the API refused the user's request (its
 * message is for them; see `isRefusal` in api-call.ts), or Telegram refused what we sent (a 4xx other than 429, which is retried
 * where it happens). Anything else — the database, the network, a 5xx — may pass.
 */
function isRefusal(error: unknown): boolean {
  if (error instanceof ApiCallError) return isApiRefusal(error);
  return error instanceof GrammyError && error.error_code >= 400 && error.error_code < 500 && error.error_code !== 429;
}
