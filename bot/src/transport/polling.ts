import type { Logger } from "@slotpilot/observability";
import type { Bot } from "grammy";
import type { BotContext } from "../context.ts";
import type { ProcessUpdate } from "./process-update.ts";

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });

/**
 * Long polling that acknowledges an update (by moving the offset past it) only once it was handled
 * or given up on (see `updateProcessor`). While an update cannot be handled (the database is down)
 * the offset stays put, so Telegram keeps the update and delivers it again. Waits between failures
 * grow to at most 30 s; `onReachable` follows whether Telegram answers.
 */
export async function runLongPolling(
  bot: Bot<BotContext>,
  processUpdate: ProcessUpdate,
  options: { signal: AbortSignal; log: Logger; onReachable?: (reachable: boolean) => void },
): Promise<void> {
  const { signal, log } = options;
  const reachable = options.onReachable ?? (() => {});
  let offset = 0;
  let failures = 0;
  let webhookCleared = false;
  const backoff = () => Math.min(30_000, 500 * 2 ** Math.min(failures++, 6));
  while (!signal.aborted) {
    let updates: Awaited<ReturnType<typeof bot.api.getUpdates>>;
    try {
      // A webhook left set by an earlier deployment would make getUpdates fail.
      if (!webhookCleared) {
        await bot.api.deleteWebhook({}, signal as Parameters<typeof bot.api.deleteWebhook>[1]);
        webhookCleared = true;
      }
      // grammY types its signal with an old AbortSignal shim; the runtime object is the same.
      updates = await bot.api.getUpdates({ offset, timeout: 25 }, signal as Parameters<typeof bot.api.getUpdates>[1]);
      reachable(true);
    } catch (err) {
      if (signal.aborted) break;
      reachable(false);
      log.warn("bot: getUpdates failed; retrying", { reason: err instanceof Error ? err.message : String(err) });
      await sleep(backoff(), signal);
      continue;
    }
    for (const update of updates) {
      try {
        await processUpdate(update);
        offset = update.update_id + 1;
        failures = 0;
      } catch (err) {
        log.error("bot: update not handled; Telegram will deliver it again", { err, updateId: update.update_id });
        await sleep(backoff(), signal);
        break;
      }
    }
  }
}
