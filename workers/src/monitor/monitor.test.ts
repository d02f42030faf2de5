import { monitorCheck, readMonitorStatus } from "@slotpilot/db";
import { createTestDatabase, type TestDatabase } from "@slotpilot/db/testing";
import type { FeedRow } from "@slotpilot/domain";
import { silentLogger } from "@slotpilot/observability";
import { type Sandbox, startSandbox } from "@slotpilot/sandbox";
import { WbUnavailable } from "@slotpilot/wb";
import { sql } from "kysely";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { createMonitor } from "./monitor.ts";
import type { SlotSource } from "./slot-source.ts";
import { alertTask, cabinet, quietWorld, START, sandboxClock, seller, testMonitor } from "./test-world.ts";

let test: TestDatabase;
let sandbox: Sandbox;
let account: { supplierId: number; token: string };
let organizationId: number;
let cabinetId: number;

const CELL = { warehouseId: 507, date: "2026-11-25", boxTypeId: 2 } as const;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, autoRun: false, startTime: START });
});
afterAll(() => sandbox.close());

beforeEach(async () => {
  test = await createTestDatabase(inject("pgAdminUrl"));
  quietWorld(sandbox);
  const created = sandbox.control.createSeller({ cabinets: 1 }).cabinets[0];
  if (!created) throw new Error("no cabinet");
  account = { supplierId: created.supplierId, token: created.tokens.personal };
  organizationId = await seller(test.db, 1001);
  cabinetId = await cabinet(test.db, organizationId, account);
  sandbox.control.setCell({ ...CELL, coefficient: -1 });
});
afterEach(() => test.drop());

const alerts = () => test.db.selectFrom("notifications").select(["chat_id", "dedupe_key", "payload"]).execute();

describe("slot monitor against the sandbox", () => {
  it("a cell that opens is matched within one read: a decision and an alert in the outbox", async () => {
    const taskId = await alertTask(test.db, organizationId, cabinetId);
    const run = testMonitor(test.db, sandbox);
    await run.monitor.start();
    await run.read();
    expect(run.decisions).toEqual([]);

    sandbox.control.setCell({ ...CELL, coefficient: 0 });
    await run.read();
    expect(run.decisions).toMatchObject([{ taskId, action: "alert", ...CELL, coefficient: 0 }]);
    const rows = await alerts();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.payload).toMatchObject({ taskId, warehouseName: "Коледино", date: CELL.date, coefficient: 0 });

    // The calendar and its history hold the opening.
    const cell = await test.db
      .selectFrom("slot_cells")
      .selectAll()
      .where("warehouse_id", "=", 507)
      .where("date", "=", CELL.date)
      .where("box_type_id", "=", 2)
      .executeTakeFirstOrThrow();
    expect(cell).toMatchObject({ coefficient: 0, allow_unload: true });
    const history = await test.db.selectFrom("slot_changes").selectAll().where("warehouse_id", "=", 507).execute();
    expect(history.filter((h) => h.date === CELL.date)).toMatchObject([
      { kind: "opened", coefficient: 0, previous_coefficient: -1 },
    ]);
    const names = await test.db.selectFrom("warehouses").select("name").where("id", "=", 507).execute();
    expect(names).toEqual([{ name: "Коледино" }]);
    await run.monitor.close();
  });

  it("a restart does not announce open cells again; a closed and reopened cell is a new opening", async () => {
    await alertTask(test.db, organizationId, cabinetId);
    const first = testMonitor(test.db, sandbox);
    await first.monitor.start();
    await first.read();
    sandbox.control.setCell({ ...CELL, coefficient: 0 });
    await first.read();
    expect(await alerts()).toHaveLength(1);
    await first.monitor.close();

    const second = testMonitor(test.db, sandbox);
    await second.monitor.start();
    await second.read();
    await second.read();
    expect(second.decisions).toEqual([]);
    expect(await alerts()).toHaveLength(1);

    sandbox.control.setCell({ ...CELL, coefficient: -1 });
    await second.read();
    sandbox.control.setCell({ ...CELL, coefficient: 0 });
    await second.read();
    expect(second.decisions).toHaveLength(1);
    expect(await alerts()).toHaveLength(2);
    await second.monitor.close();
  });

  it("matches a task created while it runs, and drops a task that is no longer active", async () => {
    const run = testMonitor(test.db, sandbox);
    await run.monitor.start();
    await run.read();
    const taskId = await alertTask(test.db, organizationId, cabinetId, { mode: "book" });
    sandbox.control.setCell({ ...CELL, coefficient: 0 });
    await run.read();
    expect(run.decisions).toMatchObject([{ taskId, action: "book" }]);

    await test.db.updateTable("booking_tasks").set({ status: "paused", updated_at: new Date() }).execute();
    sandbox.control.setCell({ ...CELL, date: "2026-11-26", coefficient: 0 });
    await run.read();
    expect(run.decisions).toHaveLength(1);
    await run.monitor.close();
  });

  it("a task created while a cell is open already books that cell at the next read", async () => {
    sandbox.control.setCell({ ...CELL, coefficient: 0 });
    const run = testMonitor(test.db, sandbox);
    await run.monitor.start();
    await run.read();
    await run.read();
    const taskId = await alertTask(test.db, organizationId, cabinetId, { mode: "book" });
    await run.read();
    expect(run.decisions).toMatchObject([{ taskId, action: "book", ...CELL, coefficient: 0 }]);
    expect(await test.db.selectFrom("bookings").select(["task_id", "date"]).execute()).toEqual([
      { task_id: taskId, date: CELL.date },
    ]);
    // Once: the read after does not decide it again.
    await run.read();
    expect(run.decisions).toHaveLength(1);
    await run.monitor.close();
  });

  it("a task paused on a cell (the plan's limit) and resumed tries that cell again while it stays open", async () => {
    const taskId = await alertTask(test.db, organizationId, cabinetId, { mode: "book" });
    const run = testMonitor(test.db, sandbox);
    await run.monitor.start();
    await run.read();
    sandbox.control.setCell({ ...CELL, coefficient: 0 });
    await run.read();
    expect(run.decisions).toMatchObject([{ taskId, action: "book", ...CELL }]);
    // The booker found no booking left on the plan: the booking failed, the task paused.
    await test.db.updateTable("bookings").set({ status: "failed" }).execute();
    await test.db.updateTable("booking_tasks").set({ status: "paused", updated_at: new Date() }).execute();
    await run.read();
    expect(run.decisions).toHaveLength(1);
    // A plan granted: the task hunts again, and the cell it was paused on is still open.
    await test.db.updateTable("booking_tasks").set({ status: "active", updated_at: new Date() }).execute();
    await run.read();
    expect(run.decisions).toMatchObject([{ taskId }, { taskId, action: "book", ...CELL }]);
    expect(await test.db.selectFrom("bookings").select("status").orderBy("id").execute()).toEqual([
      { status: "failed" },
      { status: "pending" },
    ]);
    await run.monitor.close();
  });

  it("an alert task created while cells are open is told of its three best, once", async () => {
    for (const [day, coefficient] of [
      [23, 0],
      [24, 0],
      [25, 0],
      [26, 0],
      [27, 0],
    ] as const)
      sandbox.control.setCell({ ...CELL, date: `2026-11-${day}`, coefficient });
    const run = testMonitor(test.db, sandbox);
    await run.monitor.start();
    await run.read();
    await run.read();
    const taskId = await alertTask(test.db, organizationId, cabinetId);
    await run.read();
    expect(run.decisions.map((d) => [d.taskId, d.action, d.date])).toEqual([
      [taskId, "alert", "2026-11-23"],
      [taskId, "alert", "2026-11-24"],
      [taskId, "alert", "2026-11-25"],
    ]);
    expect(await alerts()).toHaveLength(3);
    // Paused and resumed: the cells it was told of are not news again.
    await test.db.updateTable("booking_tasks").set({ status: "paused", updated_at: new Date() }).execute();
    await run.read();
    await test.db.updateTable("booking_tasks").set({ status: "active", updated_at: new Date() }).execute();
    await run.read();
    expect(await alerts()).toHaveLength(3);
    await run.monitor.close();
  });

  it("with task events: a task whose event was missed while the listener was cut is matched once it listens again", async () => {
    const run = testMonitor(test.db, sandbox, { eventsUrl: test.url });
    await run.monitor.start();
    await run.read();
    const listening = () =>
      sql<{ pid: number }>`select pid from pg_stat_activity
        where datname = current_database() and query like 'listen %'`.execute(test.db);
    const [cut] = (await listening()).rows;
    if (!cut) throw new Error("the monitor does not listen");
    await sql`select pg_terminate_backend(${cut.pid})`.execute(test.db);
    // Created while nobody listened: its event (had there been one) is lost.
    const taskId = await alertTask(test.db, organizationId, cabinetId);
    for (let i = 0; i < 100 && !(await listening()).rows.some((r) => r.pid !== cut.pid); i++)
      await new Promise((r) => setTimeout(r, 50));

    // The catch-up runs beside the reads: within a few reads the task is found, and told of the
    // cells opened meanwhile (it starts hunting) and of the one that opens.
    for (let day = 23; day <= 30 && run.decisions.length === 0; day++) {
      sandbox.control.setCell({ ...CELL, date: `2026-11-${day}`, coefficient: 0 });
      await run.read();
    }
    expect(run.decisions.length).toBeGreaterThan(0);
    for (const d of run.decisions) expect(d).toMatchObject({ taskId, action: "alert" });
    await run.monitor.close();
  });

  it("reports its health in the status row that /readyz reads", async () => {
    const run = testMonitor(test.db, sandbox);
    await run.monitor.start();
    await run.read();
    const status = await readMonitorStatus(test.db);
    expect(status).toMatchObject({ usable_accounts: 1, usable_tokens: 1, last_error: null, source: "wb-feed" });
    expect(monitorCheck(status, new Date(sandbox.control.now()))).toBe("ok");
    expect(monitorCheck(status, new Date(sandbox.control.now() + 5 * 60_000))).toBe("not_running");
    await run.monitor.close();
  });

  it("drops a token WB refuses and idles, saying so, when no usable token is left", async () => {
    await test.db.updateTable("cabinets").set({ monitor_opt_in: false }).execute();
    await cabinet(test.db, organizationId, { supplierId: account.supplierId, token: "e30.eyJhY2MiOjF9.revoked" });
    const run = testMonitor(test.db, sandbox);
    await run.monitor.start();
    await run.pass();
    expect(run.monitor.status()).toMatchObject({ usableAccounts: 0, lastError: expect.stringContaining("token") });
    const wait = await run.pass();
    expect(wait).toBeGreaterThan(0);
    expect(monitorCheck(await readMonitorStatus(test.db), new Date(sandbox.control.now()))).toBe("no_usable_token");
    await run.monitor.close();
  });

  it("survives the feed being switched off and picks up where it was when it returns", async () => {
    await alertTask(test.db, organizationId, cabinetId);
    const run = testMonitor(test.db, sandbox);
    await run.monitor.start();
    await run.read();
    sandbox.control.setFaults({ feedOff: true });
    sandbox.control.setCell({ ...CELL, coefficient: 0 });
    for (let i = 0; i < 5; i++) await run.pass();
    expect(run.monitor.status().lastError).toContain("503");
    expect(run.decisions).toEqual([]);
    sandbox.control.setFaults({ feedOff: false });
    await run.read();
    expect(run.decisions).toHaveLength(1);
    await run.monitor.close();
  });
});

describe("slot sources", () => {
  function fakeSource(name: string, rows: () => FeedRow[], available: () => boolean): SlotSource {
    return {
      name,
      nextReadAt: async (now) => (available() ? now : null),
      read: async () => {
        if (!available()) throw new WbUnavailable("off", 503);
        return { rows: rows(), via: name };
      },
      health: () => ({ usableAccounts: available() ? 1 : 0, usableTokens: available() ? 1 : 0 }),
    };
  }

  it("a second source feeds the same pipeline when the first has nothing to read with", async () => {
    const taskId = await alertTask(test.db, organizationId, cabinetId);
    let feedOn = true;
    const row = (coefficient: number): FeedRow => ({
      date: `${CELL.date}T00:00:00Z`,
      coefficient,
      warehouseID: 507,
      warehouseName: "Коледино",
      allowUnload: coefficient >= 0,
      boxTypeID: 2,
    });
    const monitor = createMonitor({
      db: test.db,
      sources: [
        fakeSource(
          "feed",
          () => [row(-1)],
          () => feedOn,
        ),
        fakeSource(
          "portal",
          () => [row(0)],
          () => true,
        ),
      ],
      clock: sandboxClock(sandbox),
      log: silentLogger,
      tasks: { refreshMs: 0 },
    });
    await monitor.start();
    const signal = new AbortController().signal;
    await monitor.cycle(signal);
    expect(monitor.status().source).toBe("feed");
    feedOn = false;
    await monitor.cycle(signal);
    expect(monitor.status().source).toBe("portal");
    expect((await alerts()).map((a) => a.payload)).toMatchObject([{ taskId }]);
    await monitor.close();
  });

  it("says which source it tried last when that read fails, beside the one that last worked", async () => {
    let feedOn = true;
    const portal: SlotSource = {
      name: "portal",
      nextReadAt: async (now) => (feedOn ? null : now),
      read: async () => {
        throw new Error("portal report failed: portal.unavailable");
      },
      health: () => ({ usableAccounts: 1, usableTokens: 1 }),
    };
    const monitor = createMonitor({
      db: test.db,
      sources: [
        fakeSource(
          "feed",
          () => [],
          () => feedOn,
        ),
        portal,
      ],
      clock: sandboxClock(sandbox),
      log: silentLogger,
      tasks: { refreshMs: 0 },
    });
    await monitor.start();
    const signal = new AbortController().signal;
    await monitor.cycle(signal);
    feedOn = false;
    await monitor.cycle(signal);
    expect(monitor.status()).toMatchObject({ source: "feed", triedSource: "portal" });
    expect(await readMonitorStatus(test.db)).toMatchObject({
      source: "feed",
      tried_source: "portal",
      last_error: expect.stringContaining("portal.unavailable"),
    });
    await monitor.close();
  });
});
