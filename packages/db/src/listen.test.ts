import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { listenChannel } from "./listen.ts";
import { createTestDatabase, type TestDatabase } from "./testing.ts";

let test: TestDatabase;
let admin: pg.Client;
beforeAll(async () => {
  test = await createTestDatabase(inject("pgAdminUrl"));
  admin = new pg.Client({ connectionString: inject("pgAdminUrl") });
  await admin.connect();
});
afterAll(async () => {
  await admin.end();
  await test.drop();
});

/** NOTIFY reaches the listeners of its own database only: sent from the test database. */
const notify = (payload: string) => sql`select pg_notify('listen_test', ${payload})`.execute(test.db);

const until = async (check: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  return check();
};

describe("listenChannel", () => {
  it("outlasts a database that refuses connections for a while: retries until it listens again, says so, and hears what comes after", async () => {
    const database = new URL(test.url).pathname.slice(1);
    const heard: string[] = [];
    const errors: Error[] = [];
    let reconnects = 0;
    const listener = await listenChannel(
      test.url,
      "listen_test",
      (payload) => heard.push(payload),
      (error) => errors.push(error),
      { onReconnect: () => reconnects++, retryMs: 50, maxRetryMs: 100 },
    );
    try {
      await notify("before");
      expect(await until(() => heard.includes("before"))).toBe(true);

      // The database goes away for the listener: its connection is cut and new ones are refused.
      await admin.query(`alter database "${database}" allow_connections false`);
      await admin.query(
        `select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and query like 'listen %'`,
        [database],
      );
      // Lost, then at least two refused attempts (the first retry used to be the last).
      expect(await until(() => errors.length >= 3)).toBe(true);
      expect(reconnects).toBe(0);

      await admin.query(`alter database "${database}" allow_connections true`);
      expect(await until(() => reconnects === 1)).toBe(true);
      await notify("after");
      expect(await until(() => heard.includes("after"))).toBe(true);
      expect(heard).toEqual(["before", "after"]);
    } finally {
      await admin.query(`alter database "${database}" allow_connections true`);
      await listener.close();
    }
  });

  it("stops retrying once closed", async () => {
    const database = new URL(test.url).pathname.slice(1);
    const errors: Error[] = [];
    let reconnects = 0;
    const listener = await listenChannel(
      test.url,
      "listen_test",
      () => {},
      (error) => errors.push(error),
      {
        onReconnect: () => reconnects++,
        retryMs: 50,
        maxRetryMs: 50,
      },
    );
    await admin.query(
      `select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and query like 'listen %'`,
      [database],
    );
    expect(await until(() => errors.length >= 1)).toBe(true);
    await listener.close();
    await new Promise((r) => setTimeout(r, 300));
    expect(reconnects).toBe(0);
    const listening = await admin.query(
      `select count(*)::int as n from pg_stat_activity where datname = $1 and query like 'listen %'`,
      [database],
    );
    expect(listening.rows[0].n).toBe(0);
  });
});
