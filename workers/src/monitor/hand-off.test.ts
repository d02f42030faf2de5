import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { type AppEvent, connect, type Db, listenEvents } from "@slotpilot/db";
import { createTestDatabase, type TestDatabase } from "@slotpilot/db/testing";
import type { FeedRow } from "@slotpilot/domain";
import { silentLogger } from "@slotpilot/observability";
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { createMonitor } from "./monitor.ts";
import type { StoredDecision } from "./process-read.ts";
import { START, seller } from "./test-world.ts";

/**
 * The decision hand-off at scale: a read that makes thousands of decisions, a bookkeeping
 * transaction that fails, a process killed between the two transactions.
 */

let test: TestDatabase;
beforeEach(async () => {
  test = await createTestDatabase(inject("pgAdminUrl"));
});
afterEach(() => test.drop());

const DATES = ["2026-11-23", "2026-11-24", "2026-11-25"];
const ORGANIZATIONS = 100;
const ALERT_TASKS_PER_ORGANIZATION = 10;
const BOOK_TASKS_PER_ORGANIZATION = 5;

const feed = (coefficient: number, warehouseID = 507): FeedRow[] =>
  DATES.map((date) => ({
    date: `${date}T00:00:00Z`,
    coefficient,
    warehouseID,
    warehouseName: warehouseID === 507 ? "Коледино" : "Казань",
    allowUnload: coefficient >= 0,
    boxTypeID: 2,
  }));

/**
 * 100 organizations (every tenth with a second member), each with 10 alert tasks and 5 booking
 * tasks wanting the same three cells at Коледино: opening them makes 3 × 1,000 alert decisions and
 * 500 booking decisions in one read. One more alert task watches Казань. Returns the outbox rows the
 * Коледино openings should make: one per alert decision and member.
 */
async function crowd(db: Db): Promise<number> {
  let expectedAlerts = 0;
  for (let o = 0; o < ORGANIZATIONS; o++) {
    const organizationId = await seller(db, 10_000 + o);
    let members = 1;
    if (o % 10 === 0) {
      const other = await db
        .insertInto("users")
        .values({ telegram_id: 20_000 + o, first_name: `Member ${o}` })
        .returning("id")
        .executeTakeFirstOrThrow();
      await db.insertInto("memberships").values({ organization_id: organizationId, user_id: other.id }).execute();
      members = 2;
    }
    const cabinet = await db
      .insertInto("cabinets")
      .values({
        organization_id: organizationId,
        name: "main",
        token_sealed: Buffer.from([0]),
        token_fingerprint: `fp-${o}`,
        token_type: "personal",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const count = ALERT_TASKS_PER_ORGANIZATION + BOOK_TASKS_PER_ORGANIZATION + (o === 0 ? 1 : 0);
    await db
      .insertInto("booking_tasks")
      .values(
        Array.from({ length: count }, (_, i) => ({
          // The last task of the first organization is the one watching Казань.
          ...(o === 0 && i === count - 1
            ? { warehouse_ids: [117], mode: "alert" as const }
            : {
                warehouse_ids: [507],
                mode: i < ALERT_TASKS_PER_ORGANIZATION ? ("alert" as const) : ("book" as const),
              }),
          organization_id: organizationId,
          cabinet_id: cabinet.id,
          supply_kind: "preorder" as const,
          supply_id: `s-${o}-${i}`,
          box_type_id: 2,
          date_from: "2026-11-22",
          date_to: "2026-12-04",
          max_coefficient: 0,
        })),
      )
      .execute();
    expectedAlerts += ALERT_TASKS_PER_ORGANIZATION * DATES.length * members;
  }
  return expectedAlerts;
}
const EXPECTED_DECISIONS = ORGANIZATIONS * (ALERT_TASKS_PER_ORGANIZATION * DATES.length + BOOK_TASKS_PER_ORGANIZATION);

/** A monitor over a feed the test sets, on a clock that moves 10 s a read. */
function feedMonitor(db: Db, options: { statements?: { count: number } } = {}) {
  let rows: FeedRow[] = [];
  let now = START;
  const handedOff: StoredDecision[] = [];
  const counted = options.statements
    ? db.withPlugin({
        transformQuery: (args) => args.node,
        transformResult: async (args) => {
          if (options.statements) options.statements.count++;
          return args.result;
        },
      })
    : db;
  const monitor = createMonitor({
    db: counted,
    sources: [
      {
        name: "feed",
        nextReadAt: async (at) => at,
        read: async () => ({ rows, via: "feed" }),
        health: () => ({ usableAccounts: 1, usableTokens: 1 }),
      },
    ],
    clock: { now: () => now, sleep: async () => {} },
    log: silentLogger,
    statusEveryMs: 3_600_000,
    tasks: { refreshMs: 0 },
    onDecisions: (list) => handedOff.push(...list),
  });
  const signal = new AbortController().signal;
  return {
    monitor,
    handedOff,
    async read(next: FeedRow[]) {
      rows = next;
      now += 10_000;
      await monitor.cycle(signal);
    },
  };
}

async function counts(db: Db) {
  const row = await sql<{ decisions: number; unique: number; alerts: number; changes: number }>`
    -- A book decision its task took is stored as its booking; any other as a decision row.
    with stored as (select task_id, opening from slot_decisions union all select task_id, opening from bookings)
    select (select count(*) from stored)::int as decisions,
           (select count(distinct (task_id, opening)) from stored)::int as unique,
           (select count(*) from notifications)::int as alerts,
           (select count(*) from slot_changes where kind = 'opened')::int as changes`.execute(db);
  return row.rows[0];
}

async function listen(url: string) {
  const events: AppEvent[] = [];
  const listener = await listenEvents(url, (e) => events.push(e));
  return {
    events,
    decisions: () => events.filter((e) => e.type === "task.decision"),
    /** Waits until the database has delivered what was published so far (a marker comes last). */
    async settle(db: Db) {
      const marker = events.length;
      await sql`select pg_notify('slotpilot_events', '{"type":"task.updated","organizationId":0,"taskId":0,"status":"marker"}')`.execute(
        db,
      );
      const end = Date.now() + 10_000;
      while (!events.slice(marker).some((e) => e.type === "task.updated" && e.taskId === 0) && Date.now() < end) {
        await new Promise((r) => setTimeout(r, 20));
      }
      const at = events.findIndex((e) => e.type === "task.updated" && e.taskId === 0);
      if (at >= 0) events.splice(at, 1);
    },
    close: () => listener.close(),
  };
}

describe("decision hand-off at scale", () => {
  it("a read with thousands of decisions stores every decision, alert and event once, in one transaction", async () => {
    const expectedAlerts = await crowd(test.db);
    const events = await listen(test.url);
    const run = feedMonitor(test.db);
    await run.monitor.start();
    await run.read(feed(-1));
    await run.read(feed(0));
    await events.settle(test.db);

    expect(run.monitor.status().lastError).toBeNull();
    expect(await counts(test.db)).toEqual({
      decisions: EXPECTED_DECISIONS,
      unique: EXPECTED_DECISIONS,
      alerts: expectedAlerts,
      changes: DATES.length,
    });
    // Decisions, bookings and alerts were written by one transaction (one transaction id on every row).
    const writers = await sql<{ xid: string }>`
      select distinct xmin::text as xid from slot_decisions
      union select distinct xmin::text from bookings
      union select distinct xmin::text from notifications`.execute(test.db);
    expect(writers.rows).toHaveLength(1);
    // Each decision was published and handed off once, with its stored row.
    const published = events.decisions().map((e) => (e.type === "task.decision" ? `${e.taskId}@${e.date}` : ""));
    expect(published).toHaveLength(EXPECTED_DECISIONS);
    expect(new Set(published).size).toBe(EXPECTED_DECISIONS);
    expect(run.handedOff).toHaveLength(EXPECTED_DECISIONS);
    expect(new Set(run.handedOff.map((d) => `${d.decisionId}/${d.bookingId}`)).size).toBe(EXPECTED_DECISIONS);
    // Every book decision became its booking, with no decision row beside it; every alert a decision row.
    const books = run.handedOff.filter((d) => d.action === "book");
    expect(books).toHaveLength(ORGANIZATIONS * BOOK_TASKS_PER_ORGANIZATION);
    expect(books.every((d) => d.bookingId !== undefined && d.decisionId === undefined)).toBe(true);
    expect(run.handedOff.every((d) => d.action === "book" || d.decisionId !== undefined)).toBe(true);

    // Reading on changes nothing: nothing is decided, alerted or published twice.
    await run.read(feed(0));
    await run.read(feed(0));
    await events.settle(test.db);
    expect(await counts(test.db)).toMatchObject({ decisions: EXPECTED_DECISIONS, alerts: expectedAlerts });
    expect(events.decisions()).toHaveLength(EXPECTED_DECISIONS);
    expect(run.handedOff).toHaveLength(EXPECTED_DECISIONS);
    await run.monitor.close();
    await events.close();
  });

  it("makes as many statements for one decision as for 3,500", async () => {
    await crowd(test.db);
    const statements = { count: 0 };
    const run = feedMonitor(test.db, { statements });
    await run.monitor.start();
    await run.read([...feed(-1), ...feed(-1, 117)]);
    await run.read([...feed(-1), ...feed(-1, 117)]);

    statements.count = 0;
    await run.read([...feed(-1), ...feed(-1, 117).slice(1), ...feed(0, 117).slice(0, 1)]);
    const forOne = statements.count;
    expect(run.handedOff).toHaveLength(1);

    statements.count = 0;
    await run.read([...feed(0), ...feed(-1, 117).slice(1), ...feed(0, 117).slice(0, 1)]);
    expect(run.handedOff).toHaveLength(1 + EXPECTED_DECISIONS);
    expect(statements.count).toBe(forOne);
    await run.monitor.close();
  });

  it("a bookkeeping transaction that fails loses nothing, and the next read repeats no decision", async () => {
    const expectedAlerts = await crowd(test.db);
    const events = await listen(test.url);
    const run = feedMonitor(test.db);
    await run.monitor.start();
    await run.read(feed(-1));
    await sql`create function refuse() returns trigger language plpgsql as $$
                begin raise exception 'bookkeeping refused'; end $$`.execute(test.db);
    await sql`create trigger refuse before insert on slot_changes execute function refuse()`.execute(test.db);

    await run.read(feed(0));
    expect(run.monitor.status().lastError).toContain("bookkeeping refused");
    // The decisions made it, with their alerts, events and hand-off; the calendar did not move.
    expect(await counts(test.db)).toEqual({
      decisions: EXPECTED_DECISIONS,
      unique: EXPECTED_DECISIONS,
      alerts: expectedAlerts,
      changes: 0,
    });
    expect(run.handedOff).toHaveLength(EXPECTED_DECISIONS);
    const stale = await test.db
      .selectFrom("slot_cells")
      .select("coefficient")
      .where("warehouse_id", "=", 507)
      .execute();
    expect(stale.map((c) => c.coefficient)).toEqual([-1, -1, -1]);

    await sql`drop trigger refuse on slot_changes`.execute(test.db);
    await run.read(feed(0));
    await events.settle(test.db);
    expect(run.monitor.status().lastError).toBeNull();
    expect(await counts(test.db)).toEqual({
      decisions: EXPECTED_DECISIONS,
      unique: EXPECTED_DECISIONS,
      alerts: expectedAlerts,
      changes: DATES.length,
    });
    expect(events.decisions()).toHaveLength(EXPECTED_DECISIONS);
    expect(run.handedOff).toHaveLength(EXPECTED_DECISIONS);
    await run.monitor.close();
    await events.close();
  });

  it("a decision transaction that fails takes the read's bookkeeping with it; the next read stores both once", async () => {
    const expectedAlerts = await crowd(test.db);
    const events = await listen(test.url);
    const run = feedMonitor(test.db);
    await run.monitor.start();
    await run.read(feed(-1));
    await sql`create function refuse() returns trigger language plpgsql as $$
                begin raise exception 'decisions refused'; end $$`.execute(test.db);
    await sql`create trigger refuse before insert on slot_decisions execute function refuse()`.execute(test.db);

    await run.read(feed(0));
    expect(run.monitor.status().lastError).toContain("decisions refused");
    // The bookkeeping is not written without the decisions: the cells stay closed, so the next
    // read sees the openings again.
    expect(await counts(test.db)).toEqual({ decisions: 0, unique: 0, alerts: 0, changes: 0 });
    expect(run.handedOff).toEqual([]);
    const stale = await test.db
      .selectFrom("slot_cells")
      .select("coefficient")
      .where("warehouse_id", "=", 507)
      .execute();
    expect(stale.map((c) => c.coefficient)).toEqual([-1, -1, -1]);

    await sql`drop trigger refuse on slot_decisions`.execute(test.db);
    await run.read(feed(0));
    await events.settle(test.db);
    expect(run.monitor.status().lastError).toBeNull();
    expect(await counts(test.db)).toEqual({
      decisions: EXPECTED_DECISIONS,
      unique: EXPECTED_DECISIONS,
      alerts: expectedAlerts,
      changes: DATES.length,
    });
    expect(events.decisions()).toHaveLength(EXPECTED_DECISIONS);
    expect(run.handedOff).toHaveLength(EXPECTED_DECISIONS);
    await run.monitor.close();
    await events.close();
  });

  it("stores a read's decisions and bookkeeping through a pool of one connection", async () => {
    const expectedAlerts = await crowd(test.db);
    const single = connect(test.url, { max: 1 });
    const run = feedMonitor(single);
    await run.monitor.start();
    await run.read(feed(-1));
    await run.read(feed(0));
    expect(run.monitor.status().lastError).toBeNull();
    expect(await counts(test.db)).toEqual({
      decisions: EXPECTED_DECISIONS,
      unique: EXPECTED_DECISIONS,
      alerts: expectedAlerts,
      changes: DATES.length,
    });
    expect(run.handedOff).toHaveLength(EXPECTED_DECISIONS);
    await run.monitor.close();
    await single.destroy();
  });

  it("a process killed between the decisions and the bookkeeping loses nothing; its successor repeats nothing", async () => {
    const expectedAlerts = await crowd(test.db);
    const first = feedMonitor(test.db);
    await first.monitor.start();
    await first.read(feed(-1));
    await first.monitor.close();

    const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
      const child = spawn(process.execPath, [fileURLToPath(new URL("./hand-off-crash.fixture.ts", import.meta.url))], {
        env: {
          ...process.env,
          HAND_OFF_DB: test.url,
          HAND_OFF_NOW: String(START + 60_000),
          HAND_OFF_ROWS: JSON.stringify(feed(0)),
        },
        stdio: "inherit",
      });
      child.once("error", reject);
      child.once("exit", (code, signal) => resolve({ code, signal }));
    });
    expect(exit).toEqual({ code: null, signal: "SIGKILL" });
    // Killed after the decision transaction, before any bookkeeping: decisions and alerts are
    // stored, the calendar and its history are not.
    expect(await counts(test.db)).toEqual({
      decisions: EXPECTED_DECISIONS,
      unique: EXPECTED_DECISIONS,
      alerts: expectedAlerts,
      changes: 0,
    });
    const stale = await test.db
      .selectFrom("slot_cells")
      .select("coefficient")
      .where("warehouse_id", "=", 507)
      .execute();
    expect(stale.map((c) => c.coefficient)).toEqual([-1, -1, -1]);

    const events = await listen(test.url);
    const successor = feedMonitor(test.db);
    await successor.monitor.start();
    await successor.read(feed(0));
    await events.settle(test.db);
    expect(successor.monitor.status().lastError).toBeNull();
    expect(await counts(test.db)).toEqual({
      decisions: EXPECTED_DECISIONS,
      unique: EXPECTED_DECISIONS,
      alerts: expectedAlerts,
      changes: DATES.length,
    });
    // Nothing re-announced; the bookings wait in their table for the booker to claim.
    expect(events.decisions()).toEqual([]);
    expect(successor.handedOff).toEqual([]);
    const waiting = await test.db
      .selectFrom("bookings")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("status", "=", "pending")
      .executeTakeFirstOrThrow();
    expect(Number(waiting.n)).toBe(ORGANIZATIONS * BOOK_TASKS_PER_ORGANIZATION);
    await successor.monitor.close();
    await events.close();
  }, 60_000);
});
