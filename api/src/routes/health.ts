import { timingSafeEqual } from "node:crypto";
import { isLoopbackHost } from "@slotpilot/config";
import { type MonitorCheck, monitorCheck, monitorDegrades, portalHolding, readMonitorStatus } from "@slotpilot/db";
import { AppError } from "@slotpilot/domain";
import { Hono } from "hono";
import { sql } from "kysely";
import type { ApiDeps, AppEnv, BotCheck } from "../context.ts";

type Check = "ok" | "down";

const MONITOR_CHECKS: readonly MonitorCheck[] = [
  "ok",
  "starting",
  "no_usable_token",
  "stale",
  "not_running",
  "unknown",
];
/** Every check answers within this, whatever the database does: a probe that hangs is a probe that failed. */
const PROBE_MS = 2_000;

function within<T>(work: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    work,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error("timeout")), ms).unref()),
  ]);
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * `/healthz`: the process answers. `/readyz`: the database and the queue answer (else 503), and
 * how the slot monitor, the portal sessions and the Telegram bot are doing — reported; none makes
 * the API unready, since it serves the Mini App either way, but some make the service `degraded`
 * (200): a bot that cannot reach Telegram; a monitor that has not read for longer than its
 * threshold (`stale`, with its last failure in `monitorError`: WB unreachable, answering 5xx,
 * refusing tokens…) or whose status did not answer in time (`unknown`); logged-in portal sessions
 * no worker holds (`portal: unheld`, how many in `unheldPortalSessions`: their bookings wait for a
 * worker). A monitor idle by design (`no_usable_token`) or not running in this deployment is
 * reported only. In demo mode `sandbox` says whether the WB sandbox runs; one that stopped (being
 * restarted, or given up on) makes the service `degraded` too. Every probe is bounded. `/metrics`:
 * Prometheus, behind `METRICS_TOKEN` (open only while the API listens on loopback and no token is
 * set).
 */
export function healthRoutes(deps: ApiDeps) {
  const now = () => deps.now?.() ?? new Date();
  const status = () => within(readMonitorStatus(deps.db), PROBE_MS);
  // The monitor runs in the workers' process; its status row is the only way to see it from here.
  // Read once per answer: the monitor's check and the calendar's source come from the same row.
  const monitor = async (): Promise<{ check: MonitorCheck; source: string | null; error: string | null }> => {
    try {
      const row = await status();
      const check = monitorCheck(row, now());
      /** What feeds the calendar now: the public feed, the portal sessions, or nothing. */
      const source = row && check === "ok" ? row.source : null;
      /** Why a stale monitor cannot read: its last failure (a WB path and what went wrong, no secrets). */
      const error = check === "stale" ? (row?.last_error ?? null) : null;
      return { check, source, error };
    } catch {
      return { check: "unknown", source: null, error: null };
    }
  };
  /**
   * Whether the workers hold every logged-in portal session: one no worker holds books nothing
   * until one takes it. Absent while no session is logged in.
   */
  const portal = async (): Promise<{ check?: "ok" | "unheld" | "unknown"; unheld: number }> => {
    try {
      const { active, unheld } = await within(portalHolding(deps.db, now()), PROBE_MS);
      return active === 0 ? { unheld } : { check: unheld > 0 ? "unheld" : "ok", unheld };
    } catch {
      return { check: "unknown", unheld: 0 };
    }
  };
  const bot = (): BotCheck => deps.botStatus?.() ?? "disabled";
  deps.metrics.gauge("slotpilot_monitor_state", "The slot monitor's state (1 = current).", async () => {
    const state = (await monitor()).check;
    return MONITOR_CHECKS.map((s) => ({ labels: { state: s }, value: s === state ? 1 : 0 }));
  });
  deps.metrics.gauge(
    "slotpilot_monitor_usable_accounts",
    "Seller accounts the monitor reads the feed with.",
    async () => {
      const row = await status().catch(() => undefined);
      return row ? [{ labels: {}, value: row.usable_accounts }] : [];
    },
  );
  deps.metrics.gauge(
    "slotpilot_calendar_source",
    "What feeds the slot calendar (1 = current): the public feed or the portal sessions.",
    async () => {
      const { source } = await monitor();
      return ["wb-feed", "portal-sessions"].map((s) => ({ labels: { source: s }, value: s === source ? 1 : 0 }));
    },
  );
  deps.metrics.gauge("slotpilot_monitor_reads_per_minute", "Successful feed reads over the last minute.", async () => {
    const row = await status().catch(() => undefined);
    return row ? [{ labels: {}, value: row.reads_per_minute }] : [];
  });

  deps.metrics.gauge(
    "slotpilot_portal_unheld_sessions",
    "Logged-in portal sessions no worker holds (their bookings wait).",
    async () => {
      const { check, unheld } = await portal();
      return check === "unknown" ? [] : [{ labels: {}, value: unheld }];
    },
  );

  const metricsToken = deps.config.env.METRICS_TOKEN;
  const metricsOpen = !metricsToken && isLoopbackHost(deps.config.host);
  return new Hono<AppEnv>()
    .get("/healthz", (c) => c.json({ status: "ok" as const }))
    .get("/readyz", async (c) => {
      const [database, queue, slotMonitor, sessions] = await Promise.all([
        probe(() => sql`select 1`.execute(deps.db)),
        probe(async () => {
          if (!(await deps.queue.ping())) throw new Error("queue schema missing");
        }),
        monitor(),
        portal(),
      ]);
      const telegram = bot();
      const sandbox = deps.sandboxStatus?.();
      const ready = database === "ok" && queue === "ok";
      const degraded =
        telegram === "connecting" ||
        telegram === "unreachable" ||
        monitorDegrades(slotMonitor.check) ||
        (sessions.check !== undefined && sessions.check !== "ok") ||
        (sandbox !== undefined && sandbox !== "ok");
      return c.json(
        {
          status: !ready ? ("unavailable" as const) : degraded ? ("degraded" as const) : ("ready" as const),
          checks: {
            database,
            queue,
            monitor: slotMonitor.check,
            bot: telegram,
            ...(sessions.check ? { portal: sessions.check } : {}),
            ...(sandbox ? { sandbox } : {}),
          },
          calendarSource: slotMonitor.source,
          ...(slotMonitor.error ? { monitorError: slotMonitor.error } : {}),
          ...(sessions.unheld > 0 ? { unheldPortalSessions: sessions.unheld } : {}),
        },
        ready ? 200 : 503,
      );
    })
    .get("/metrics", async (c) => {
      const given = c.req.header("authorization")?.match(/^Bearer (.+)$/)?.[1] ?? "";
      if (!metricsOpen && !(metricsToken && sameSecret(given, metricsToken))) {
        throw new AppError("metrics.token_required");
      }
      return c.text(await deps.metrics.render(), 200, { "content-type": "text/plain; version=0.0.4" });
    });
}

async function probe(check: () => Promise<unknown>): Promise<Check> {
  try {
    await within(check(), PROBE_MS);
    return "ok";
  } catch {
    return "down";
  }
}
