import type { Logger } from "@slotpilot/observability";
import type { Bot } from "grammy";
import { registerCommands } from "../commands.ts";
import type { BotContext } from "../context.ts";
import { runLongPolling } from "./polling.ts";
import type { ProcessUpdate } from "./process-update.ts";

/** How the bot's link to Telegram is doing (what `/readyz` shows as `checks.bot`). */
export type BotLinkState = "connecting" | "ok" | "unreachable";

export interface BotLink {
  state(): BotLinkState;
  /** Stops retrying and polling; resolves when the loop has ended. */
  stop(): Promise<void>;
}

export interface ConnectBotOptions {
  processUpdate: ProcessUpdate;
  /** Set: receive updates by webhook (the API mounts the handler). Unset: long polling. */
  webhook?: { url: string; secret: string } | undefined;
  adminTelegramIds: readonly number[];
  log: Logger;
  /** Wait before the n-th retry (1-based); default 1 s doubling to 60 s. */
  retryDelayMs?: (attempt: number) => number;
}

const defaultDelay = (attempt: number) => Math.min(60_000, 1000 * 2 ** (attempt - 1));

/**
 * Brings the bot online without ever holding up start-up: who it is (`getMe`), its command lists,
 * then its webhook or long polling. While Telegram cannot be reached it retries with growing waits,
 * logging why each attempt failed, and says `unreachable`; the rest of the product runs meanwhile.
 */
export function connectBot(bot: Bot<BotContext>, options: ConnectBotOptions): BotLink {
  const stopping = new AbortController();
  const delay = options.retryDelayMs ?? defaultDelay;
  let state: BotLinkState = "connecting";

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      stopping.signal.addEventListener("abort", () => {
        clearTimeout(timer);
        resolve();
      });
    });

  const loop = (async () => {
    for (let attempt = 1; !stopping.signal.aborted; attempt++) {
      try {
        // Every call can be abandoned: a stop never waits on a Telegram that does not answer.
        const signal = stopping.signal;
        // Not bot.init(): it retries a network failure forever and silently. One attempt, then ours.
        if (!bot.isInited()) bot.botInfo = await bot.api.getMe(signal as Parameters<typeof bot.api.getMe>[0]);
        await registerCommands(bot.api, options.adminTelegramIds, signal);
        if (options.webhook) {
          await bot.api.setWebhook(
            options.webhook.url,
            { secret_token: options.webhook.secret },
            signal as Parameters<typeof bot.api.setWebhook>[2],
          );
        }
        break;
      } catch (err) {
        if (stopping.signal.aborted) return;
        state = "unreachable";
        const wait = delay(attempt);
        options.log.warn("bot: cannot reach Telegram; retrying", {
          attempt,
          retryInMs: wait,
          reason: err instanceof Error ? err.message : String(err),
        });
        await sleep(wait);
      }
    }
    if (stopping.signal.aborted) return;
    state = "ok";
    options.log.info("bot: connected", {
      username: bot.botInfo.username,
      updates: options.webhook ? "webhook" : "long polling",
    });
    if (!options.webhook) {
      await runLongPolling(bot, options.processUpdate, {
        signal: stopping.signal,
        log: options.log,
        onReachable: (reachable) => {
          state = reachable ? "ok" : "unreachable";
        },
      });
    }
  })();

  return {
    state: () => state,
    stop: async () => {
      stopping.abort();
      await loop;
    },
  };
}
