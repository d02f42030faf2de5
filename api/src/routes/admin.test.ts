import { signInitData } from "@slotpilot/domain";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createTestApi, json, LIVE_BOT_TOKEN } from "../testing.ts";

let api: Awaited<ReturnType<typeof createTestApi>>;
beforeAll(async () => {
  api = await createTestApi(inject("pgAdminUrl"), {
    checkErrorDocs: true,
    mode: "live",
    env: { ADMIN_TELEGRAM_IDS: "9001" },
  });
});
afterAll(() => api.close());

const as = (id: number) => (path: string) =>
  api.app.request(path, {
    headers: { authorization: `tma ${signInitData({ user: { id, first_name: "U" } }, LIVE_BOT_TOKEN)}` },
  });

describe("GET /api/admin/status", () => {
  it("is refused to sellers with auth.forbidden", async () => {
    const res = await as(1)("/api/admin/status");
    expect(res.status).toBe(403);
    expect((await json(res)).error.code).toBe("auth.forbidden");
  });

  it("tells an admin that no monitor runs, then that it has no usable token", async () => {
    const admin = as(9001);
    expect((await json(await admin("/api/admin/status"))).monitor.check).toBe("not_running");
    const now = new Date();
    await api.db
      .insertInto("monitor_status")
      .values({ id: 1, usable_accounts: 0, usable_tokens: 0, reads_per_minute: 0, heartbeat_at: now, started_at: now })
      .execute();
    const body = await json(await admin("/api/admin/status"));
    expect(body.monitor).toMatchObject({ check: "no_usable_token", usableAccounts: 0 });
    expect(body.totals).toMatchObject({ sellers: 2, cabinets: 0, activeTasks: 0 });
    expect(body.queues.map((q: { queue: string }) => q.queue)).toContain("user.registered.v1");
  });

  it("says what feeds the calendar, and how the portal sessions and their workers are doing", async () => {
    const now = new Date();
    await api.db
      .updateTable("monitor_status")
      .set({ usable_accounts: 2, usable_tokens: 2, last_read_at: now, source: "portal-sessions", heartbeat_at: now })
      .execute();
    await api.db
      .insertInto("portal_workers")
      .values([
        { id: "w-live", host: "h", pid: 1, capacity: 50, held: 2, memory_mb: 640 },
        { id: "w-gone", host: "h", pid: 2, capacity: 50, held: 9, heartbeat_at: new Date(now.getTime() - 600_000) },
      ])
      .execute();
    const body = await json(await as(9001)("/api/admin/status"));
    expect(body.monitor).toMatchObject({ check: "ok", source: "portal-sessions" });
    expect(body.portal).toEqual({
      sessions: { INITIALIZING: 0, WAITING_AUTH: 0, ACTIVE: 0, ERROR: 0, STOPPED: 0 },
      workers: [{ id: "w-live", held: 2, capacity: 50, memoryMb: 640, heartbeatAt: expect.any(String) }],
    });
  });
});
