import { createTestDatabase, type TestDatabase } from "@slotpilot/db/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { z } from "zod";
import { defineJob, userRegistered } from "./contracts.ts";
import { JobQueue } from "./queue.ts";

let test: TestDatabase;
let queue: JobQueue;

beforeAll(async () => {
  test = await createTestDatabase(inject("pgAdminUrl"));
  queue = await JobQueue.start(test.url);
});
afterAll(async () => {
  await queue.stop(2000);
  await test.drop();
});

function collect(target: number[]) {
  return async (data: { userId: number }) => {
    target.push(data.userId);
  };
}

async function waitFor(check: () => boolean, ms = 10_000) {
  const until = Date.now() + ms;
  while (!check() && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
}

describe("job queue", () => {
  it("runs a job committed with its transaction exactly once, and never one whose transaction rolled back", async () => {
    const seen: number[] = [];
    await queue.work(userRegistered, collect(seen));

    await test.db
      .transaction()
      .execute(async (trx) => {
        await queue.send(userRegistered, { userId: 1 }, { trx });
        throw new Error("roll back");
      })
      .catch(() => {});
    await test.db.transaction().execute(async (trx) => {
      await queue.send(userRegistered, { userId: 2 }, { trx });
    });

    await waitFor(() => seen.includes(2));
    // Give a rolled-back job every chance to appear before concluding it never will.
    await new Promise((r) => setTimeout(r, 1500));
    expect(seen).toEqual([2]);
  });

  it("refuses to enqueue a payload that breaks the contract", async () => {
    await expect(queue.send(userRegistered, { userId: -5 })).rejects.toThrow();
  });

  it("dead-letters a malformed queued payload instead of retrying it", async () => {
    const seen: number[] = [];
    const contract = defineJob({ name: "user.registered", version: 1, schema: z.object({ userId: z.number() }) });
    await queue.work(contract, collect(seen));
    // An older producer wrote a payload this version does not understand.
    await queue.send({ ...contract, schema: z.any() }, { user: "legacy" } as never);
    await waitFor(() => false, 1500);
    const stats = await queue.stats();
    expect(stats.find((s) => s.queue === "user.registered.v1")?.deadLettered).toBe(1);
    expect(seen).toEqual([]);
  });
});
