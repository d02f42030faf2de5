import type { FeedRow } from "@slotpilot/domain";
import type { Logger } from "@slotpilot/observability";
import type { Clock } from "./clock.ts";
import { type BudgetRule, ReadScheduler } from "./read-scheduler.ts";
import type { SlotSource } from "./slot-source.ts";

/** A portal session lent to the monitor: its cabinet, and the WB account whose session budget it spends. */
export interface MonitorSession {
  cabinetId: number;
  supplierId: number;
}

/** Why a portal read failed, as the session keeper reported it (`errors.portal.*`). */
export class PortalReadError extends Error {
  override name = "PortalReadError";
  readonly code: string;
  constructor(code: string) {
    super(`portal report failed: ${code}`);
    this.code = code;
  }
}

export interface PortalSourceOptions {
  /** Active sessions whose cabinets opted in to the shared monitor. */
  listSessions: () => Promise<MonitorSession[]>;
  /** Reads the all-warehouse coefficients report in a cabinet's live session (throws PortalReadError). */
  readReport: (cabinetId: number, signal: AbortSignal) => Promise<readonly FeedRow[]>;
  /** True while the public feed cannot feed the calendar (off, failing, or no usable token). */
  primaryDown: () => boolean;
  clock: Clock;
  log: Logger;
  /** Per session: reports allowed. Default one a minute — a seller's session is theirs, not ours. */
  budget?: BudgetRule;
  /** The calendar is not read more often than this, however many sessions there are. */
  minGapMs?: number;
  refreshMs?: number;
}

/** One report a minute per session: polite, and with a few sessions still a live calendar. */
export const PORTAL_REPORT_BUDGET: BudgetRule = { burst: 1, intervalMs: 60_000, clientErrorCost: 1 };

/**
 * The second slot source: when the public feed is off or no token is usable, the portal sessions
 * sellers lent the monitor read the portal's all-warehouse coefficients report (the feed's rows,
 * from inside the portal). Reads are staggered across sessions, each within its own budget, and
 * stop as soon as the feed is back.
 */
export function createPortalSource(options: PortalSourceOptions): SlotSource {
  const refreshMs = options.refreshMs ?? 15_000;
  const minGapMs = options.minGapMs ?? 5_000;
  const rule = options.budget ?? PORTAL_REPORT_BUDGET;
  const scheduler = new ReadScheduler(rule);
  let refreshAt = Number.NEGATIVE_INFINITY;
  let lastReadAt = Number.NEGATIVE_INFINITY;
  let down = false;

  async function refresh(now: number): Promise<void> {
    refreshAt = now + refreshMs;
    try {
      const sessions = await options.listSessions();
      // One "account" per WB cabinet: its portal budget; the "token" is the cabinet whose session reads.
      const byAccount = new Map<string, string[]>();
      for (const s of sessions) {
        const ids = byAccount.get(String(s.supplierId)) ?? [];
        ids.push(String(s.cabinetId));
        byAccount.set(String(s.supplierId), ids);
      }
      scheduler.setAccounts(
        [...byAccount].map(([accountId, tokenIds]) => ({ accountId, tokenIds })),
        now,
      );
    } catch (error) {
      options.log.warn("monitor: could not list the portal sessions", { err: error });
    }
  }

  return {
    name: "portal-sessions",

    async nextReadAt(now) {
      const wasDown = down;
      down = options.primaryDown();
      if (down !== wasDown) {
        options.log.info(
          down ? "monitor: the feed is down; reading slots through portal sessions" : "monitor: the feed is back",
        );
      }
      if (!down) return null;
      if (now >= refreshAt) await refresh(now);
      const planned = scheduler.next(now);
      return planned ? Math.max(planned.at, lastReadAt + minGapMs) : null;
    },

    async read(signal) {
      const now = options.clock.now();
      const planned = scheduler.next(now);
      if (!planned) throw new PortalReadError("portal.not_connected");
      scheduler.started(planned.accountId, now);
      lastReadAt = now;
      const cabinetId = Number(planned.tokenId);
      try {
        const rows = await options.readReport(cabinetId, signal);
        return { rows, via: `portal session of cabinet ${cabinetId}` };
      } catch (error) {
        const at = options.clock.now();
        const code = error instanceof PortalReadError ? error.code : "portal.unavailable";
        // Asked to slow down: this session waits two whole intervals before its next report.
        if (code === "portal.rate_limited") scheduler.rateLimited(planned.accountId, at, 2 * rule.intervalMs);
        // The session is gone or answers nothing: try the others; the next refresh reconsiders it.
        else if (code !== "portal.unavailable") refreshAt = at;
        throw error;
      }
    },

    health: () => ({
      usableAccounts: down ? scheduler.usableAccounts : 0,
      usableTokens: down ? scheduler.usableTokens : 0,
    }),
  };
}
