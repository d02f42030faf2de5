import { type BillingTotals, billingTotals, type MonitorCheck, monitorCheck, readMonitorStatus } from "@slotpilot/db";
import { AppError } from "@slotpilot/domain";
import { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import { sql } from "kysely";
import type { ApiDeps, AppEnv } from "../context.ts";

export interface AdminStatus {
  monitor: {
    check: MonitorCheck;
    usableAccounts: number;
    usableTokens: number;
    readsPerMinute: number;
    lastReadAt: string | null;
    lastError: string | null;
    lastErrorAt: string | null;
    heartbeatAt: string | null;
    /** What fed the calendar last: `wb-feed` (the public API) or `portal-sessions` (the fallback). */
    source: string | null;
    /** The source the monitor tried last, whether that read worked or not; null while none can read. */
    triedSource: string | null;
  };
  /** Portal sessions: how many are in each state, and the workers holding them. */
  portal: {
    sessions: Record<"INITIALIZING" | "WAITING_AUTH" | "ACTIVE" | "ERROR" | "STOPPED", number>;
    workers: { id: string; held: number; capacity: number; memoryMb: number | null; heartbeatAt: string }[];
  };
  queues: { queue: string; queued: number; active: number; deadLettered: number }[];
  totals: { sellers: number; cabinets: number; monitorCabinets: number; activeTasks: number; pendingAlerts: number };
  /** Revenue (paid, refunds excluded) and subscriptions in force. */
  billing: BillingTotals;
}

const adminsOnly = createMiddleware<AppEnv>(async (c, next) => {
  if (c.get("user").role !== "admin") throw new AppError("auth.forbidden");
  await next();
});

/** `GET /api/admin/status` — the service at a glance, for admins only (the bot's /status shows it). */
export function adminRoutes(deps: ApiDeps) {
  return new Hono<AppEnv>().get("/admin/status", adminsOnly, async (c) => {
    const now = deps.now?.() ?? new Date();
    const [status, queues, totals, sessions, workers, billing] = await Promise.all([
      readMonitorStatus(deps.db),
      deps.queue.stats(),
      sql<AdminStatus["totals"]>`
        select (select count(*)::int from users) as "sellers",
               (select count(*)::int from cabinets) as "cabinets",
               (select count(*)::int from cabinets where monitor_opt_in and token_type = 'personal') as "monitorCabinets",
               (select count(*)::int from booking_tasks where status = 'active') as "activeTasks",
               (select count(*)::int from notifications where status = 'pending') as "pendingAlerts"`.execute(deps.db),
      deps.db
        .selectFrom("portal_sessions")
        .select((eb) => ["state", eb.fn.countAll<number>().as("n")])
        .groupBy("state")
        .execute(),
      // Workers heard from in the last two minutes: the others are gone (their leases lapse).
      deps.db
        .selectFrom("portal_workers")
        .selectAll()
        .where("heartbeat_at", ">", new Date(now.getTime() - 120_000))
        .orderBy("id")
        .execute(),
      billingTotals(deps.db, now),
    ]);
    const body: AdminStatus = {
      monitor: {
        check: monitorCheck(status, now),
        usableAccounts: status?.usable_accounts ?? 0,
        usableTokens: status?.usable_tokens ?? 0,
        readsPerMinute: status?.reads_per_minute ?? 0,
        lastReadAt: status?.last_read_at?.toISOString() ?? null,
        lastError: status?.last_error ?? null,
        lastErrorAt: status?.last_error_at?.toISOString() ?? null,
        heartbeatAt: status?.heartbeat_at.toISOString() ?? null,
        source: status?.source ?? null,
        triedSource: status?.tried_source ?? null,
      },
      portal: {
        sessions: {
          INITIALIZING: 0,
          WAITING_AUTH: 0,
          ACTIVE: 0,
          ERROR: 0,
          STOPPED: 0,
          ...Object.fromEntries(sessions.map((s) => [s.state, Number(s.n)])),
        },
        workers: workers.map((w) => ({
          id: w.id,
          held: w.held,
          capacity: w.capacity,
          memoryMb: w.memory_mb,
          heartbeatAt: w.heartbeat_at.toISOString(),
        })),
      },
      queues,
      totals: totals.rows[0] ?? { sellers: 0, cabinets: 0, monitorCabinets: 0, activeTasks: 0, pendingAlerts: 0 },
      billing,
    };
    return c.json(body);
  });
}
