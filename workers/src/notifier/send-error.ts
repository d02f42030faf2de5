import { GrammyError } from "grammy";

/** What a failed send means for the outbox row. */
export type SendFailure =
  /** The user blocked the bot or left the chat: no retry will ever reach them. */
  | { kind: "blocked"; error: string }
  /** Telegram refused the message itself (bad request): sending it again changes nothing. */
  | { kind: "rejected"; error: string }
  /** Too fast: wait `retryAfterMs` (Telegram's own figure), then try again. */
  | { kind: "rate_limited"; error: string; retryAfterMs: number }
  /** Network trouble, a Telegram 5xx, anything unknown: worth retrying with backoff. */
  | { kind: "transient"; error: string };

export function classifySendError(err: unknown): SendFailure {
  if (err instanceof GrammyError) {
    const error = `${err.error_code}: ${err.description}`;
    if (err.error_code === 403) return { kind: "blocked", error };
    if (err.error_code === 429) {
      return { kind: "rate_limited", error, retryAfterMs: Math.max(1, err.parameters.retry_after ?? 1) * 1000 };
    }
    if (err.error_code === 400) return { kind: "rejected", error };
    // 5xx, and 401/404 (a misconfigured token): retried, so fixing the config in time loses nothing.
    return { kind: "transient", error };
  }
  return { kind: "transient", error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
}
