import {
  type ClaimedNotification,
  type Db,
  type DeliveryOutcome,
  deliverNotification,
  liveMessageId,
  pendingNotifications,
  rememberLiveMessage,
} from "@slotpilot/db";
import { quietUntil } from "@slotpilot/domain";
import { type Logger, quietRepeats } from "@slotpilot/observability";
import type { SendOptions, TelegramNotifier } from "../telegram-notifier.ts";
import { recipientLocale } from "./format-alert.ts";
import { MESSAGE_KINDS, NON_URGENT_KINDS } from "./message-kinds.ts";
import { withPortalLink } from "./portal-link.ts";
import { SendLimiter } from "./rate-limiter.ts";
import { classifySendError } from "./send-error.ts";

export interface OutboxNotifierOptions {
  db: Db;
  telegram: TelegramNotifier;
  log: Logger;
  /** Base URL of the Mini App: alert buttons open `<publicUrl>/tasks/<taskId>`. */
  publicUrl: string;
  /** The WB seller portal (real or the sandbox's `seller` host): alerts link to the supply there. */
  wbPortalUrl?: string | undefined;
  /** Epoch ms; tests pass a fake clock. */
  now?: () => number;
  limiter?: SendLimiter;
  /** Failed attempts (network, 5xx) before a message is given up as failed. */
  maxAttempts?: number;
  /** Wait after the n-th failed attempt. */
  backoffMs?: (attempt: number) => number;
  /** How often the outbox is looked at when nothing wakes the notifier sooner. */
  pollMs?: number;
  /** Parallel sends: Telegram answers in ~100 ms, so a few in flight reach the global limit. */
  concurrency?: number;
}

export interface DrainResult {
  sent: number;
  failed: number;
  /** Rows left pending for a later attempt (backoff or a 429). */
  retrying: number;
  /** Rows the limits held back or that wait for a retry; `nextInMs` says when the first may go. */
  waiting: number;
  nextInMs: number | undefined;
}

const CANDIDATES = 200;
/** The outbox kinds this notifier can word. */
const KINDS = Object.keys(MESSAGE_KINDS);
const defaultBackoff = (attempt: number) => Math.min(60_000, 2000 * 2 ** (attempt - 1));

/**
 * Drains the notifications outbox into Telegram (every message Slotpilot sends: see
 * `MESSAGE_KINDS`): oldest first, within Telegram's per-chat and
 * global limits, each row claimed exclusively (two notifier processes never send the same row).
 * Failures: 403 (blocked) and 400 (rejected) fail the row at once; a 429 pauses every send for
 * Telegram's `retry_after` without counting against the row; anything else is retried with
 * exponential backoff until `maxAttempts`, then the row is failed with its last error.
 *
 * Backoff times live in this process: another notifier process does not know them and may retry a
 * row sooner; the `attempts` count, which is stored, still bounds the retries.
 */
export class OutboxNotifier {
  readonly #o: Required<Omit<OutboxNotifierOptions, "limiter" | "wbPortalUrl">> & { wbPortalUrl?: string | undefined };
  readonly #limiter: SendLimiter;
  /** Row id → epoch ms before which this process will not try it again. */
  readonly #retryAt = new Map<number, number>();
  #running: Promise<void> | undefined;
  #stopped = false;
  #wake: (() => void) | undefined;
  /** The outbox unreadable over and over (the database away) is written once a minute. */
  readonly #failures: Logger;

  constructor(options: OutboxNotifierOptions) {
    this.#o = {
      now: Date.now,
      maxAttempts: 5,
      backoffMs: defaultBackoff,
      pollMs: 1000,
      concurrency: 8,
      ...options,
    };
    this.#limiter = options.limiter ?? new SendLimiter();
    this.#failures = quietRepeats(this.#o.log);
  }

  /** One pass: sends every pending message the limits allow right now, and waits for those sends. */
  async drainOnce(): Promise<DrainResult> {
    const now = this.#o.now();
    for (const [id, at] of this.#retryAt) if (at <= now) this.#retryAt.delete(id);
    const candidates = await pendingNotifications(this.#o.db, {
      kinds: KINDS,
      limit: CANDIDATES,
      exclude: [...this.#retryAt.keys()],
    });

    const result: DrainResult = { sent: 0, failed: 0, retrying: 0, waiting: this.#retryAt.size, nextInMs: undefined };
    const soonest = (ms: number) => {
      result.nextInMs = result.nextInMs === undefined ? ms : Math.min(result.nextInMs, ms);
    };
    for (const at of this.#retryAt.values()) soonest(at - now);

    const picked: number[] = [];
    for (const row of candidates) {
      // A message that can wait waits, unclaimed, for the end of the recipient's quiet hours.
      const quiet =
        NON_URGENT_KINDS.has(row.kind) && row.quietHours
          ? quietUntil(new Date(now), row.quietHours.start, row.quietHours.end)
          : null;
      if (quiet) {
        this.#retryAt.set(row.id, quiet.getTime());
        result.waiting += 1;
        soonest(quiet.getTime() - now);
        continue;
      }
      const wait = this.#limiter.delayFor(row.chatId, now);
      if (wait > 0) {
        result.waiting += 1;
        soonest(wait);
        continue;
      }
      this.#limiter.record(row.chatId, now);
      picked.push(row.id);
    }

    await inParallel(picked, this.#o.concurrency, async (id) => {
      const outcome = await this.#deliver(id);
      if (outcome?.status === "sent") result.sent += 1;
      else if (outcome?.status === "failed") result.failed += 1;
      else if (outcome?.status === "retry") result.retrying += 1;
    });
    for (const at of this.#retryAt.values()) soonest(Math.max(0, at - this.#o.now()));
    return result;
  }

  /** Runs `drainOnce` in a loop until `stop()`: at once while there is work, else every `pollMs`. */
  start(): void {
    if (this.#running !== undefined) return;
    this.#stopped = false;
    this.#running = this.#loop();
  }

  /** Looks at the outbox now (a new alert was just enqueued) instead of at the next poll. */
  wake(): void {
    this.#wake?.();
  }

  /** Stops polling; resolves once the sends in flight have finished and been recorded. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.wake();
    await this.#running;
    this.#running = undefined;
  }

  async #loop(): Promise<void> {
    while (!this.#stopped) {
      let wait = this.#o.pollMs;
      try {
        const r = await this.drainOnce();
        if (r.sent + r.failed + r.retrying > 0) wait = 0;
        else if (r.nextInMs !== undefined) wait = Math.min(wait, r.nextInMs);
      } catch (err) {
        // The database is away: nothing is lost (the rows stay pending); look again at the next poll.
        this.#failures.warn("notifier: outbox unavailable", { err });
      }
      if (!this.#stopped) await this.#sleep(wait);
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = done;
    });
  }

  async #deliver(id: number): Promise<DeliveryOutcome | undefined> {
    try {
      const done = await deliverNotification(this.#o.db, id, (row) => this.#send(row), new Date(this.#o.now()));
      // Null: another process holds or finished the row.
      if (!done) this.#retryAt.delete(id);
      else if (done.outcome.status === "failed") {
        this.#o.log.warn("notification failed", { id, chatId: done.row.chatId, error: done.outcome.error });
      }
      return done?.outcome;
    } catch (err) {
      // Unrecorded (database trouble): the row stays pending; hold it back for a poll so it cannot spin.
      this.#retryAt.set(id, this.#o.now() + this.#o.pollMs);
      this.#o.log.warn("notifier: could not record a delivery", { id, err });
      return undefined;
    }
  }

  /**
   * A live status: edits the message this key was last sent as in this chat, or sends one and
   * remembers it. If the old message cannot be edited any more, a new one takes its place — unless
   * the update is `editOnly`, which has nothing to say without that message.
   */
  async #sendLive(
    chatId: number,
    liveKey: string,
    text: string,
    options: SendOptions,
    editOnly: boolean,
  ): Promise<void> {
    const telegram = this.#o.telegram;
    const existing = telegram.edit ? await liveMessageId(this.#o.db, chatId, liveKey) : undefined;
    if (existing !== undefined && (await telegram.edit?.(chatId, existing, text, options))) return;
    if (editOnly) return;
    const sent = await telegram.send(chatId, text, options);
    if (typeof sent === "number") await rememberLiveMessage(this.#o.db, chatId, liveKey, sent);
  }

  async #send(row: ClaimedNotification): Promise<DeliveryOutcome> {
    const payload =
      row.kind === "slot.alert" ? await withPortalLink(this.#o.db, this.#o.wbPortalUrl, row.payload) : row.payload;
    const message = MESSAGE_KINDS[row.kind]?.(payload, recipientLocale(row.recipient), this.#o.publicUrl);
    if (!message) return { status: "failed", error: `unreadable ${row.kind} payload` };
    try {
      const options = message.replyMarkup ? { replyMarkup: message.replyMarkup } : {};
      if (message.liveKey)
        await this.#sendLive(row.chatId, message.liveKey, message.text, options, message.editOnly === true);
      else await this.#o.telegram.send(row.chatId, message.text, options);
      this.#retryAt.delete(row.id);
      return { status: "sent" };
    } catch (err) {
      const failure = classifySendError(err);
      const now = this.#o.now();
      switch (failure.kind) {
        case "blocked":
        case "rejected":
          return { status: "failed", error: failure.error };
        case "rate_limited":
          this.#limiter.pauseUntil(now + failure.retryAfterMs);
          this.#retryAt.set(row.id, now + failure.retryAfterMs);
          return { status: "retry", error: failure.error, countAttempt: false };
        case "transient": {
          const attempts = row.attempts + 1;
          if (attempts >= this.#o.maxAttempts) {
            return { status: "failed", error: `gave up after ${attempts} attempts: ${failure.error}` };
          }
          this.#retryAt.set(row.id, now + this.#o.backoffMs(attempts));
          return { status: "retry", error: failure.error, countAttempt: true };
        }
      }
    }
  }
}

/** Runs `fn` over `items`, at most `limit` at a time. */
async function inParallel<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
