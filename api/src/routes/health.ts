import { type MonitorCheck, monitorCheck, readMonitorStatus } from "@slotpilot/db";
import { Hono } from "hono";
import { sql } from "kysely";
import type { ApiDeps, AppEnv } from "../context.ts";

type Check = "ok" | "down";

const MONITOR_CHECKS: readonly MonitorCheck[] = ["ok", "no_usable_token", "stale", "not_running"];

/**
 * `/healthz`: the process answers. `/readyz`: the database and the queue answer too, and how the
 * slot monitor is doing — reported, but it never makes the API unready: the API serves sellers
 * whether or not slots are being watched. `/metrics`: Prometheus.
 */
export function healthRoutes(deps: ApiDeps) {
  const now = () => deps.now?.() ?? new Date();
  // The monitor runs in the workers' process; its status row is the only way to see it from here.
  const monitor = async (): Promise<MonitorCheck> =>
    monitorCheck(await readMonitorStatus(deps.db).catch(() => undefined), now());
  /** What feeds the calendar now: the public feed, the portal sessions, or nothing (not running). */
  const calendarSource = async (): Promise<string | null> => {
    const status = await readMonitorStatus(deps.db).catch(() => undefined);
    return status && monitorCheck(status, now()) === "ok" ? status.source : null;
  };
  deps.metrics.gauge("slotpilot_monitor_state", "The slot monitor's state (1 = current).", async () => {
    const state = await monitor();
    return MONITOR_CHECKS.map((s) => ({ labels: { state: s }, value: s === state ? 1 : 0 }));
  });
  deps.metrics.gauge(
    "slotpilot_monitor_usable_accounts",
    "Seller accounts the monitor reads the feed with.",
    async () => {
      const status = await readMonitorStatus(deps.db).catch(() => undefined);
      return status ? [{ labels: {}, value: status.usable_accounts }] : [];
    },
  );
  deps.metrics.gauge(
    "slotpilot_calendar_source",
    "What feeds the slot calendar (1 = current): the public feed or the portal sessions.",
    async () => {
      const source = await calendarSource();
      return ["wb-feed", "portal-sessions"].map((s) => ({ labels: { source: s }, value: s === source ? 1 : 0 }));
    },
  );
  deps.metrics.gauge("slotpilot_monitor_reads_per_minute", "Successful feed reads over the last minute.", async () => {
    const status = await readMonitorStatus(deps.db).catch(() => undefined);
    return status ? [{ labels: {}, value: status.reads_per_minute }] : [];
  });
  return new Hono<AppEnv>()
    .get("/healthz", (c) => c.json({ status: "ok" as const }))
    .get("/readyz", async (c) => {
      const [database, queue, slotMonitor, source] = await Promise.all([
        probe(() => sql`select 1`.execute(deps.db)),
        probe(async () => {
          if (!(await deps.queue.ping())) throw new Error("queue schema missing");
        }),
        monitor(),
        calendarSource(),
      ]);
      const ready = database === "ok" && queue === "ok";
      return c.json(
        {
          status: ready ? ("ready" as const) : ("unavailable" as const),
          checks: { database, queue, monitor: slotMonitor },
          calendarSource: source,
        },
        ready ? 200 : 503,
      );
    })
    .get("/metrics", async (c) =>
      c.text(await deps.metrics.render(), 200, { "content-type": "text/plain; version=0.0.4" }),
    );
}

async function probe(check: () => Promise<unknown>): Promise<Check> {
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), 2000).unref()),
    ]);
    return "ok";
  } catch {
    return "down";
  }
}
