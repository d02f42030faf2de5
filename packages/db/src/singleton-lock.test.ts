import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { singletonLock } from "./singleton-lock.ts";
import { createTestDatabase, type TestDatabase } from "./testing.ts";

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase(inject("pgAdminUrl"), { migrate: false });
});
afterAll(() => test.drop());

describe("singletonLock", () => {
  it("lets one holder in at a time and frees itself on release", async () => {
    const a = singletonLock(test.db, "test.singleton");
    const b = singletonLock(test.db, "test.singleton");
    expect(await a.acquire()).toBe(true);
    expect(await a.acquire()).toBe(true);
    expect(await b.acquire()).toBe(false);
    await a.release();
    expect(await b.acquire()).toBe(true);
    expect(await a.acquire()).toBe(false);
    await b.release();
  });

  it("different names do not exclude each other", async () => {
    const a = singletonLock(test.db, "test.one");
    const b = singletonLock(test.db, "test.two");
    expect(await a.acquire()).toBe(true);
    expect(await b.acquire()).toBe(true);
    await a.release();
    await b.release();
  });
});
