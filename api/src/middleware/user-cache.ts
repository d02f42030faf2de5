import type { Organization, User } from "@slotpilot/db";
import { setNewest } from "../newest-first.ts";

/**
 * Who a Telegram id is (their row and organization), remembered briefly so a Mini App polling the
 * calendar does not cost two queries per request. A profile that changed in Telegram, or a change
 * made through this API process, replaces the entry at once; a change made through another API
 * process shows here within `ttlMs`.
 */
export class UserCache {
  readonly #entries = new Map<number, { user: User; organization: Organization; at: number }>();
  readonly #ttlMs: number;
  readonly #max: number;

  constructor(options: { ttlMs?: number; max?: number } = {}) {
    this.#ttlMs = options.ttlMs ?? 30_000;
    this.#max = options.max ?? 10_000;
  }

  get(telegramId: number, now: number): { user: User; organization: Organization } | undefined {
    const entry = this.#entries.get(telegramId);
    if (!entry || now - entry.at > this.#ttlMs) return undefined;
    return entry;
  }

  set(user: User, organization: Organization, now: number): void {
    // The oldest entries go first once there are too many.
    setNewest(this.#entries, user.telegram_id, { user, organization, at: now }, this.#max);
  }
}
