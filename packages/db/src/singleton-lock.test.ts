import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { singletonLock } from "./singleton-lock.ts";
import { createTestDatabase, freePort, type TestDatabase } from "./testing.ts";

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase(inject("pgAdminUrl"), { migrate: false });
});
afterAll(() => test.drop());

describe("singletonLock", () => {
  it("lets one holder in at a time and frees itself on release", async () => {
    const a = singletonLock(test.url, "test.singleton");
    const b = singletonLock(test.url, "test.singleton");
    expect(await a.acquire()).toBe(true);
    expect(await a.acquire()).toBe(true);
    expect(await b.acquire()).toBe(false);
    await a.release();
    expect(await b.acquire()).toBe(true);
    expect(await a.acquire()).toBe(false);
    await b.release();
  });

  it("different names do not exclude each other", async () => {
    const a = singletonLock(test.url, "test.one");
    const b = singletonLock(test.url, "test.two");
    expect(await a.acquire()).toBe(true);
    expect(await b.acquire()).toBe(true);
    await a.release();
    await b.release();
  });

  it("notices a terminated connection, frees the lock for others and can take it again, without crashing", async () => {
    const lost: Error[] = [];
    const a = singletonLock(test.url, "test.lost", { onLost: (e) => lost.push(e) });
    const b = singletonLock(test.url, "test.lost");
    expect(await a.acquire()).toBe(true);
    await sql`select pg_terminate_backend(pid) from pg_locks where locktype = 'advisory' and granted and database = (select oid from pg_database where datname = current_database())`.execute(
      test.db,
    );
    await vi.waitFor(() => expect(a.held()).toBe(false));
    expect(lost).toHaveLength(1);
    expect(await b.acquire()).toBe(true);
    expect(await a.acquire()).toBe(false);
    await b.release();
    expect(await a.acquire()).toBe(true);
    expect(a.held()).toBe(true);
    await a.release();
  });

  it("rejects, rather than saying another process holds it, when the database cannot be reached", async () => {
    const url = new URL(test.url);
    url.port = String(await freePort());
    const lock = singletonLock(url.toString(), "test.unreachable");
    await expect(lock.acquire()).rejects.toThrow(/ECONNREFUSED/);
    expect(lock.held()).toBe(false);
  });
});
