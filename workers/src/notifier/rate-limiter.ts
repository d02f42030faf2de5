/**
 * Telegram's published limits for a bot: about one message per second to one chat and about 30 per
 * second overall (we keep a margin: 25). Exceeding them earns 429s, and persistently exceeding them
 * earns longer bans, so the notifier asks this limiter before every send instead of finding out.
 *
 * A send is counted when it is picked, a few hundred ms before the last of a batch actually goes
 * out; the margin between 25 and Telegram's ~30 absorbs that.
 *
 * Pure: time is passed in (epoch ms), so tests drive it with a fake clock.
 */
export interface SendLimits {
  /** Minimum gap between two messages to the same chat. */
  perChatIntervalMs: number;
  /** At most this many messages in any `windowMs`, across all chats. */
  globalLimit: number;
  windowMs: number;
}

export const TELEGRAM_LIMITS: SendLimits = { perChatIntervalMs: 1000, globalLimit: 25, windowMs: 1000 };

export class SendLimiter {
  readonly #limits: SendLimits;
  readonly #lastByChat = new Map<number, number>();
  /** Send times within the last window, oldest first. */
  #recent: number[] = [];
  #pausedUntil = 0;

  constructor(limits: SendLimits = TELEGRAM_LIMITS) {
    this.#limits = limits;
  }

  /** How long to wait before a message to `chatId` may go out; 0 = now. */
  delayFor(chatId: number, now: number): number {
    this.#forget(now);
    const pause = this.#pausedUntil - now;
    const last = this.#lastByChat.get(chatId);
    const chat = last === undefined ? 0 : last + this.#limits.perChatIntervalMs - now;
    const oldest = this.#recent[0];
    const global =
      this.#recent.length >= this.#limits.globalLimit && oldest !== undefined
        ? oldest + this.#limits.windowMs - now
        : 0;
    return Math.max(0, pause, chat, global);
  }

  /** Counts a message to `chatId` sent at `now`. Call only after `delayFor` returned 0. */
  record(chatId: number, now: number): void {
    this.#lastByChat.set(chatId, now);
    this.#recent.push(now);
  }

  /** Holds every send until `until` (a 429's `retry_after`: Telegram says how long to back off). */
  pauseUntil(until: number): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, until);
  }

  /** Drops what can no longer limit anything, so memory follows the active chats, not all chats ever. */
  #forget(now: number): void {
    while (this.#recent.length > 0 && (this.#recent[0] ?? 0) + this.#limits.windowMs <= now) this.#recent.shift();
    if (this.#lastByChat.size > 1000) {
      for (const [chat, at] of this.#lastByChat) {
        if (at + this.#limits.perChatIntervalMs <= now) this.#lastByChat.delete(chat);
      }
    }
  }
}
