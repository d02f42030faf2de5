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
 * Long polling that acknowledges an update (by moving the offset past it) only after it was stored.
 * While the database is down the offset stays put, so Telegram keeps the update and redelivers it.
 * Waits between failures grow to at most 30 s.
 */
export async function runLongPolling(
  bot: Bot<BotContext>,
  processUpdate: ProcessUpdate,
  options: { signal: AbortSignal; log: Logger },
): Promise<void> {
  const { signal, log } = options;
  await bot.api.deleteWebhook();
  let offset = 0;
  let failures = 0;
  const backoff = () => Math.min(30_000, 500 * 2 ** Math.min(failures++, 6));
  while (!signal.aborted) {
    let updates: Awaited<ReturnType<typeof bot.api.getUpdates>>;
    try {
      // grammY types its signal with an old AbortSignal shim; the runtime object is the same.
      updates = await bot.api.getUpdates({ offset, timeout: 25 }, signal as Parameters<typeof bot.api.getUpdates>[1]);
    } catch (err) {
      if (signal.aborted) break;
      log.warn("getUpdates failed; retrying", { err });
      await sleep(backoff(), signal);
      continue;
    }
    for (const update of updates) {
      try {
        await processUpdate(update);
        offset = update.update_id + 1;
        failures = 0;
      } catch (err) {
        log.error("update not stored; Telegram will deliver it again", { err, updateId: update.update_id });
        await sleep(backoff(), signal);
        break;
      }
    }
  }
}
