import { singletonLock } from "@slotpilot/db";
import { createTestDatabase, type TestDatabase } from "@slotpilot/db/testing";
import type { FeedRow } from "@slotpilot/domain";
import { silentLogger } from "@slotpilot/observability";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import type { Clock } from "./clock.ts";
import { createMonitor, runMonitor } from "./monitor.ts";
import type { SlotSource } from "./slot-source.ts";

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase(inject("pgAdminUrl"));
});
afterAll(() => test.drop());

/** Sleeping only moves this clock on: the loop runs as fast as the database answers. */
function fakeClock(): Clock {
  let now = Date.parse("2026-11-21T06:00:00Z");
  return {
    now: () => now,
    sleep: async (ms) => {
      now += ms;
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

function countingSource(clock: Clock) {
  const state = { reads: 0, lastAt: Number.NEGATIVE_INFINITY };
  const source: SlotSource = {
    name: "counting",
    nextReadAt: async () => state.lastAt + 1_000,
    read: async () => {
      state.reads++;
      state.lastAt = clock.now();
      return { rows: [], via: "counting" };
    },
    health: () => ({ usableAccounts: 1, usableTokens: 1 }),
  };
  return { source, state };
}

describe("runMonitor", () => {
  it("stands by while another instance holds the monitor lock, and takes over when it is freed", async () => {
    const other = singletonLock(test.url, "test.monitor");
    expect(await other.acquire()).toBe(true);
    const lock = singletonLock(test.url, "test.monitor");
    const attempts = vi.spyOn(lock, "acquire");
    const clock = fakeClock();
    const { source, state } = countingSource(clock);
    const run = await runMonitor({ db: test.db, sources: [source], log: silentLogger, clock, lock });
    try {
      await vi.waitFor(() => expect(attempts.mock.calls.length).toBeGreaterThanOrEqual(3));
      expect(state.reads).toBe(0);
      expect(run.status().running).toBe(false);

      await other.release();
      await vi.waitFor(() => expect(state.reads).toBeGreaterThan(2), { timeout: 10_000 });
      expect(run.status()).toMatchObject({ running: true, source: "counting" });
    } finally {
      await run.stop();
    }
    // Stopped, it frees the lock for the next instance.
    expect(await other.acquire()).toBe(true);
    await other.release();
  });

  it("survives losing its lock's connection: stands down, takes the lock again and keeps reading", async () => {
    const lock = singletonLock(test.url, "test.monitor.lost");
    const clock = fakeClock();
    const { source, state } = countingSource(clock);
    const run = await runMonitor({ db: test.db, sources: [source], log: silentLogger, clock, lock });
    try {
      await vi.waitFor(() => expect(state.reads).toBeGreaterThan(2), { timeout: 10_000 });
      const acquire = vi.spyOn(lock, "acquire");
      await sql`select pg_terminate_backend(pid) from pg_locks where locktype = 'advisory' and granted and database = (select oid from pg_database where datname = current_database())`.execute(
        test.db,
      );
      await vi.waitFor(() => expect(acquire).toHaveBeenCalled(), { timeout: 10_000 });
      const after = state.reads;
      await vi.waitFor(() => expect(state.reads).toBeGreaterThan(after + 2), { timeout: 10_000 });
      expect(lock.held()).toBe(true);
      expect(run.status().running).toBe(true);
    } finally {
      await run.stop();
    }
  });

  it("overlapping reads are applied in the order they started, whatever order they come back in", async () => {
    const row = (coefficient: number): FeedRow => ({
      date: "2026-11-25T00:00:00Z",
      coefficient,
      warehouseID: 507,
      warehouseName: "Коледино",
      allowUnload: true,
      boxTypeID: 2,
    });
    const answers: ((rows: FeedRow[]) => void)[] = [];
    const source: SlotSource = {
      name: "slow",
      nextReadAt: async (now) => now,
      read: () => new Promise((resolve) => answers.push((rows) => resolve({ rows, via: "slow" }))),
      health: () => ({ usableAccounts: 2, usableTokens: 2 }),
    };
    const monitor = createMonitor({
      db: test.db,
      sources: [source],
      log: silentLogger,
      clock: fakeClock(),
      concurrentReads: 2,
    });
    await monitor.start();
    const signal = new AbortController().signal;
    // The first read is in flight and the monitor does not wait for it; the second fills the cap.
    expect(await monitor.cycle(signal)).toBe(0);
    const second = monitor.cycle(signal);
    await vi.waitFor(() => expect(answers).toHaveLength(2));
    answers[1]?.([row(5)]);
    answers[0]?.([row(0)]);
    await second;
    await monitor.close();
    const history = await test.db
      .selectFrom("slot_changes")
      .select(["kind", "coefficient"])
      .where("warehouse_id", "=", 507)
      .orderBy("id")
      .execute();
    expect(history).toEqual([
      { kind: "opened", coefficient: 0 },
      { kind: "changed", coefficient: 5 },
    ]);
  });
});
