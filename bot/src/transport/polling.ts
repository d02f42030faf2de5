import type { Logger } from "@slotpilot/observability";
import type { Bot } from "grammy";
import type { Update } from "grammy/types";
import type { BotContext } from "../context.ts";
import { chatKey, KeyedLanes } from "./chat-key.ts";
import type { ProcessUpdate } from "./process-update.ts";

const sleep = (ms: number, signal: AbortSignal, wake?: Promise<void>) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    signal.addEventListener("abort", done);
    void wake?.then(done);
  });

/** While handlers run, new updates are fetched at least this often (other chats must not wait). */
const BUSY_POLL_MS = 1000;

/**
 * Long polling that handles updates of different chats concurrently and the updates of one chat
 * strictly in order, and acknowledges an update (moves the offset past it) only once it was
 * handled or given up on (see `updateProcessor`). A slow handler holds back only its own chat:
 * while it runs, the next updates are fetched and handed to their chats' lanes. When an update
 * cannot be handled (the database is down) the offset stays at it, so Telegram keeps it; its
 * chat's later updates wait for it, and it is tried again after a wait that grows to 30 s.
 * `onReachable` follows whether Telegram answers.
 */
export async function runLongPolling(
  bot: Bot<BotContext>,
  processUpdate: ProcessUpdate,
  options: { signal: AbortSignal; log: Logger; onReachable?: (reachable: boolean) => void },
): Promise<void> {
  const { signal, log } = options;
  const reachable = options.onReachable ?? (() => {});
  const lanes = new KeyedLanes();
  /** Updates being handled now. */
  const inFlight = new Set<number>();
  /** Handled updates at or above the offset (Telegram still lists them until the offset passes). */
  const handled = new Set<number>();
  /** Chats whose update failed, and when to try again. */
  const blocked = new Map<string, number>();
  let offset = 0;
  let fetchFailures = 0;
  let handleFailures = 0;
  let webhookCleared = false;
  let settled: { promise: Promise<void>; resolve: () => void } = Promise.withResolvers<void>();
  const backoff = (n: number) => Math.min(30_000, 500 * 2 ** Math.min(n, 6));

  const schedule = (update: Update, key: string) => {
    const id = update.update_id;
    inFlight.add(id);
    void lanes.run(key, async () => {
      try {
        // An earlier update of this chat failed: this one waits for its redelivery, in order.
        if (blocked.has(key)) return;
        await processUpdate(update);
        handled.add(id);
        handleFailures = 0;
      } catch (err) {
        log.error("bot: update not handled; Telegram will deliver it again", { err, updateId: id });
        blocked.set(key, Date.now() + backoff(handleFailures++));
      } finally {
        inFlight.delete(id);
        settled.resolve();
      }
    });
  };

  while (!signal.aborted) {
    let updates: Update[];
    try {
      // A webhook left set by an earlier deployment would make getUpdates fail.
      if (!webhookCleared) {
        await bot.api.deleteWebhook({}, signal as Parameters<typeof bot.api.deleteWebhook>[1]);
        webhookCleared = true;
      }
      // While handlers run, ask without waiting: Telegram answers at once with what it has.
      const timeout = inFlight.size > 0 || blocked.size > 0 ? 0 : 25;
      // grammY types its signal with an old AbortSignal shim; the runtime object is the same.
      updates = await bot.api.getUpdates({ offset, timeout }, signal as Parameters<typeof bot.api.getUpdates>[1]);
      reachable(true);
      fetchFailures = 0;
    } catch (err) {
      if (signal.aborted) break;
      reachable(false);
      log.warn("bot: getUpdates failed; retrying", { reason: err instanceof Error ? err.message : String(err) });
      await sleep(backoff(fetchFailures++), signal);
      continue;
    }

    const now = Date.now();
    for (const [key, until] of blocked) if (now >= until) blocked.delete(key);
    const waiting: number[] = [];
    for (const update of updates) {
      const id = update.update_id;
      if (handled.has(id)) continue;
      waiting.push(id);
      const key = chatKey(update);
      if (!inFlight.has(id) && !blocked.has(key)) schedule(update, key);
    }
    for (const id of inFlight) waiting.push(id);

    // Acknowledge everything below the oldest update not yet handled.
    const last = updates.at(-1)?.update_id;
    const next = waiting.length > 0 ? Math.min(...waiting) : last === undefined ? offset : last + 1;
    if (next > offset) offset = next;
    for (const id of handled) if (id < offset) handled.delete(id);

    if (inFlight.size > 0 || blocked.size > 0) {
      // Wake when a handler finishes, a failed chat may try again, or it is time to look for news.
      const retryIn = blocked.size > 0 ? Math.max(0, Math.min(...blocked.values()) - Date.now()) : BUSY_POLL_MS;
      await sleep(Math.min(BUSY_POLL_MS, retryIn), signal, inFlight.size > 0 ? settled.promise : undefined);
      settled = Promise.withResolvers<void>();
    }
  }
}
