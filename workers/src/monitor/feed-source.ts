import type { Logger } from "@slotpilot/observability";
import { WbError, type WbOfficialClient, WbRateLimited, WbUnauthorized, WbUnavailable } from "@slotpilot/wb";
import type { Clock } from "./clock.ts";
import { type BudgetRule, FEED_BUDGET, ReadScheduler } from "./read-scheduler.ts";
import type { SlotSource } from "./slot-source.ts";
import { groupByAccount, type PoolToken } from "./token-pool.ts";

export interface FeedSourceOptions {
  client: Pick<WbOfficialClient, "coefficients">;
  /** The current pool: opted-in cabinets' Personal tokens (plus the demo's house token). */
  loadTokens: () => Promise<PoolToken[]>;
  clock: Clock;
  log: Logger;
  /** How often the pool is reloaded: cabinets are connected, opted out and deleted at any time. */
  refreshMs?: number;
  budget?: BudgetRule;
}

/**
 * The coefficients feed, read with a pool of sellers' tokens staggered by `ReadScheduler`. When the
 * feed fails (WB switched it off, an outage) the source keeps its pace rather than stepping back: a
 * 5xx costs what any read costs, so reading every 10 s / N keeps every account within its budget,
 * and the first read after WB answers again — one read interval later at most — sees the slots.
 * (It used to pause for up to a minute, blind all that time after WB was back.) Reads a second
 * source makes meanwhile come in between on their own schedule.
 */
export function createFeedSource(options: FeedSourceOptions): SlotSource {
  const refreshMs = options.refreshMs ?? 30_000;
  const scheduler = new ReadScheduler(options.budget ?? FEED_BUDGET);
  let tokens = new Map<string, PoolToken>();
  let refreshAt = Number.NEGATIVE_INFINITY;

  async function refresh(now: number): Promise<void> {
    refreshAt = now + refreshMs;
    try {
      const list = await options.loadTokens();
      tokens = new Map(list.map((t) => [t.id, t]));
      scheduler.setAccounts(groupByAccount(list), now);
    } catch (error) {
      // Keep reading with the pool we have; the database may be back by the next refresh.
      options.log.warn("monitor: could not reload the token pool", { err: error });
    }
  }

  return {
    name: "wb-feed",

    async nextReadAt(now) {
      if (now >= refreshAt) await refresh(now);
      return scheduler.next(now)?.at ?? null;
    },

    async read(signal) {
      const now = options.clock.now();
      const planned = scheduler.next(now);
      const token = planned && tokens.get(planned.tokenId);
      if (!planned || !token) throw new WbUnavailable("no usable token in the pool", 0);
      scheduler.started(planned.accountId, now);
      try {
        const { data } = await options.client.coefficients(token.token, { signal });
        return { rows: data, via: token.label };
      } catch (error) {
        const at = options.clock.now();
        if (error instanceof WbRateLimited) scheduler.rateLimited(planned.accountId, at, error.retryAfterMs);
        else if (error instanceof WbUnauthorized) {
          scheduler.unauthorized(planned.accountId, token.id, at);
          options.log.warn("monitor: WB refused a token; it leaves the pool", {
            tokenId: token.id.slice(0, 12),
            source: token.label,
          });
        } else if (error instanceof WbError && error.status >= 400 && error.status < 500) {
          scheduler.clientError(planned.accountId, at);
        }
        throw error;
      }
    },

    health: () => ({ usableAccounts: scheduler.usableAccounts, usableTokens: scheduler.usableTokens }),
  };
}
