import { type MonitorStatus, upsertTelegramUser, writeMonitorStatus } from "@slotpilot/db";
import { insertCabinet } from "@slotpilot/db/testing";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createTestApi, json } from "../testing.ts";

const NOW = new Date("2026-11-21T09:00:00Z");
const ago = (ms: number) => new Date(NOW.getTime() - ms);

let api: Awaited<ReturnType<typeof createTestApi>>;
beforeAll(async () => {
  api = await createTestApi(inject("pgAdminUrl"), { now: () => NOW });
});
afterAll(() => api.close());

describe("health endpoints", () => {
  it("/healthz answers while the process is up", async () => {
    expect(await json(await api.app.request("/healthz"))).toEqual({ status: "ok" });
  });

  it("/readyz reports the database and the queue", async () => {
    const res = await api.app.request("/readyz");
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({
      status: "ready",
      checks: { database: "ok", queue: "ok", monitor: "not_running", bot: "disabled" },
      calendarSource: null,
    });
  });

  const healthy: MonitorStatus = {
    usable_accounts: 3,
    usable_tokens: 4,
    last_read_at: ago(2_000),
    last_error: null,
    last_error_at: null,
    reads_per_minute: 18,
    source: "wb-feed",
    tried_source: "wb-feed",
    heartbeat_at: ago(1_000),
    started_at: ago(3_600_000),
  };

  it.each([
    ["reading", healthy, "ok"],
    ["just started, not read yet", { ...healthy, last_read_at: null, started_at: ago(5_000) }, "starting"],
    [
      "idle: no usable token",
      { ...healthy, usable_accounts: 0, usable_tokens: 0, last_read_at: null },
      "no_usable_token",
    ],
    ["its heartbeat stopped", { ...healthy, heartbeat_at: ago(5 * 60_000) }, "not_running"],
  ] as const)("/readyz is ready while the monitor is %s", async (_name, status, check) => {
    await writeMonitorStatus(api.db, status);
    const res = await api.app.request("/readyz");
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ status: "ready", checks: { monitor: check } });
  });

  it.each([
    [
      "no successful read for minutes (WB unreachable)",
      { ...healthy, last_read_at: ago(5 * 60_000), last_error: "portal-sessions: fetch failed" },
    ],
    ["never read since it started minutes ago", { ...healthy, last_read_at: null }],
  ] as const)("/readyz says degraded, not unready, when the monitor has %s, and why", async (_name, status) => {
    await writeMonitorStatus(api.db, status);
    const res = await api.app.request("/readyz");
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({
      status: "degraded",
      checks: { database: "ok", queue: "ok", monitor: "stale", bot: "disabled" },
      calendarSource: null,
      ...(status.last_error ? { monitorError: status.last_error } : {}),
    });
  });

  it("/readyz names no monitor error while the monitor reads, whatever failed before", async () => {
    await writeMonitorStatus(api.db, { ...healthy, last_error: "wb-feed: fetch failed", last_error_at: ago(30_000) });
    expect(await json(await api.app.request("/readyz"))).not.toHaveProperty("monitorError");
  });

  it("/readyz says degraded, not ready, when the monitor's status does not answer within its bound", async () => {
    await writeMonitorStatus(api.db, healthy);
    // Another session holds the status table: the database answers, the monitor's row does not.
    const blocker = await api.db.connection().execute(async (conn) => {
      await sql`begin`.execute(conn);
      await sql`lock table monitor_status in access exclusive mode`.execute(conn);
      try {
        return await json(await api.app.request("/readyz"));
      } finally {
        await sql`rollback`.execute(conn);
      }
    });
    expect(blocker).toEqual({
      status: "degraded",
      checks: { database: "ok", queue: "ok", monitor: "unknown", bot: "disabled" },
      calendarSource: null,
    });
    expect(await json(await api.app.request("/readyz"))).toMatchObject({ status: "ready", checks: { monitor: "ok" } });
  });

  it.each([
    ["the public feed", "wb-feed", "wb-feed"],
    ["portal sessions, while the feed is off", "portal-sessions", "portal-sessions"],
  ] as const)("/readyz says the calendar is fed by %s", async (_name, source, expected) => {
    await writeMonitorStatus(api.db, { ...healthy, source });
    expect(await json(await api.app.request("/readyz"))).toMatchObject({ calendarSource: expected });
    const metrics = await (await api.app.request("/metrics")).text();
    expect(metrics).toContain(`slotpilot_calendar_source{source="${expected}"} 1`);
    await writeMonitorStatus(api.db, { ...healthy, source, heartbeat_at: ago(5 * 60_000) });
    expect(await json(await api.app.request("/readyz"))).toMatchObject({ calendarSource: null });
  });

  it("/metrics speaks Prometheus text, counting requests by route", async () => {
    await api.app.request("/healthz");
    const text = await (await api.app.request("/metrics")).text();
    expect(text).toContain("# TYPE http_requests_total counter");
    expect(text).toMatch(/http_requests_total\{method="GET",route="\/healthz",status="200"\} \d+/);
    expect(text).toMatch(/slotpilot_jobs_queued\{queue="user.registered.v1"\} 0/);
    expect(text).toMatch(/slotpilot_monitor_state\{state="not_running"\} 1/);
  });

  it("/readyz says the service is degraded, not unready, while the bot cannot reach Telegram", async () => {
    let state: "connecting" | "ok" | "unreachable" = "unreachable";
    const live = await createTestApi(inject("pgAdminUrl"), { mode: "live", botStatus: () => state });
    try {
      const res = await live.app.request("/readyz");
      expect(res.status).toBe(200);
      expect(await json(res)).toMatchObject({ status: "degraded", checks: { bot: "unreachable" } });
      state = "ok";
      expect(await json(await live.app.request("/readyz"))).toMatchObject({ status: "ready", checks: { bot: "ok" } });
    } finally {
      await live.close();
    }
  });

  it("/readyz says the service is degraded while demo mode's WB sandbox is down, and which way", async () => {
    let state: "ok" | "restarting" | "down" = "restarting";
    const demo = await createTestApi(inject("pgAdminUrl"), { now: () => NOW, sandboxStatus: () => state });
    try {
      await writeMonitorStatus(demo.db, healthy);
      const res = await demo.app.request("/readyz");
      expect(res.status).toBe(200);
      expect(await json(res)).toMatchObject({ status: "degraded", checks: { monitor: "ok", sandbox: "restarting" } });
      state = "down";
      expect(await json(await demo.app.request("/readyz"))).toMatchObject({
        status: "degraded",
        checks: { sandbox: "down" },
      });
      state = "ok";
      expect(await json(await demo.app.request("/readyz"))).toMatchObject({
        status: "ready",
        checks: { sandbox: "ok" },
      });
    } finally {
      await demo.close();
    }
  });

  it("/readyz says the service is degraded while a logged-in portal session has no worker holding it", async () => {
    const own = await createTestApi(inject("pgAdminUrl"), { now: () => NOW });
    try {
      await writeMonitorStatus(own.db, healthy);
      // No session logged in: nothing to hold, nothing said.
      expect((await json(await own.app.request("/readyz"))).checks).not.toHaveProperty("portal");

      const { organization } = await upsertTelegramUser(own.db, { telegramId: 41, firstName: "P" }, { isAdmin: false });
      const cabinetId = await insertCabinet(own.db, organization.id);
      await own.db
        .insertInto("portal_sessions")
        .values({ cabinet_id: cabinetId, organization_id: organization.id, state: "ACTIVE" })
        .execute();
      const res = await own.app.request("/readyz");
      expect(res.status).toBe(200);
      expect(await json(res)).toMatchObject({
        status: "degraded",
        checks: { monitor: "ok", portal: "unheld" },
        unheldPortalSessions: 1,
      });
      expect(await (await own.app.request("/metrics")).text()).toMatch(/^slotpilot_portal_unheld_sessions 1$/m);

      // A worker takes it: its lease runs.
      await own.db.insertInto("portal_workers").values({ id: "w1", host: "h", pid: 1, capacity: 50 }).execute();
      await own.db
        .insertInto("portal_leases")
        .values({ cabinet_id: cabinetId, worker_id: "w1", lease_until: new Date(NOW.getTime() + 60_000) })
        .execute();
      const held = await json(await own.app.request("/readyz"));
      expect(held).toMatchObject({ status: "ready", checks: { portal: "ok" } });
      expect(held).not.toHaveProperty("unheldPortalSessions");

      // The worker died: once its lease has run out, the session is unheld again.
      await own.db
        .updateTable("portal_leases")
        .set({ lease_until: ago(1_000) })
        .execute();
      expect(await json(await own.app.request("/readyz"))).toMatchObject({
        status: "degraded",
        checks: { portal: "unheld" },
      });
    } finally {
      await own.close();
    }
  });

  it("/metrics needs METRICS_TOKEN unless the API listens on loopback only", async () => {
    const token = "metrics-token-0123456789";
    const open = await createTestApi(inject("pgAdminUrl"), { mode: "live" });
    const guarded = await createTestApi(inject("pgAdminUrl"), { mode: "live", env: { METRICS_TOKEN: token } });
    try {
      // Live mode listens on every interface: without a token, metrics are not served at all.
      const refused = await open.app.request("/metrics");
      expect(refused.status).toBe(401);
      expect((await json(refused)).error.code).toBe("metrics.token_required");
      expect((await guarded.app.request("/metrics")).status).toBe(401);
      expect((await guarded.app.request("/metrics", { headers: { authorization: "Bearer wrong" } })).status).toBe(401);
      const allowed = await guarded.app.request("/metrics", { headers: { authorization: `Bearer ${token}` } });
      expect(allowed.status).toBe(200);
      expect(await allowed.text()).toContain("# TYPE http_requests_total counter");
    } finally {
      await open.close();
      await guarded.close();
    }
  });
});
