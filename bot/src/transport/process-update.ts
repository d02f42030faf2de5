import { claimTelegramUpdate, type Db } from "@slotpilot/db";
import { type Bot, BotError } from "grammy";
import type { Update } from "grammy/types";
import type { BotContext } from "../context.ts";

export type ProcessUpdate = (update: Update) => Promise<"handled" | "duplicate">;

/**
 * Every update, from polling or webhook, goes through here. It is recorded by `update_id` first: a
 * redelivered update is skipped. When the database cannot record it, this throws, and the caller
 * must not acknowledge the update to Telegram, which will then deliver it again.
 */
export function updateProcessor(bot: Bot<BotContext>, db: Db): ProcessUpdate {
  return async (update) => {
    if (!(await claimTelegramUpdate(db, update.update_id))) return "duplicate";
    try {
      await bot.handleUpdate(update);
    } catch (err) {
      // grammY routes handler failures to bot.catch only inside bot.start(); we poll ourselves, so
      // we hand them to the same single boundary. Only storage failures reach the caller.
      if (!(err instanceof BotError)) throw err;
      await bot.errorHandler(err);
    }
    return "handled";
  };
}
