import { createTestDatabase, type TestDatabase } from "@slotpilot/db/testing";
import { PermanentError } from "@slotpilot/domain";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { z } from "zod";
import { ALL_JOBS, defineJob, userRegistered } from "./contracts.ts";
import { JobQueue } from "./queue.ts";

let test: TestDatabase;
let queue: JobQueue;

// Test-only contracts: a job that fails for good at once, and one that keeps failing until its retries run out.
const doomed = defineJob({ name: "test.doomed", version: 1, schema: z.object({ n: z.number() }) });
const flaky = defineJob({
  name: "test.flaky",
  version: 1,
  schema: z.object({ n: z.number() }),
  retry: { limit: 1, delaySeconds: 1 },
});

beforeAll(async () => {
  test = await createTestDatabase(inject("pgAdminUrl"));
  queue = await JobQueue.start(test.url, { jobs: [...ALL_JOBS, doomed, flaky] });
});

/** The states pg-boss keeps for the jobs of a queue (those with this payload, when given). */
const states = async (name: string, data?: object) =>
  (
    await sql<{ state: string }>`select state from pgboss.job where name = ${name}
      and (${data === undefined} or data = ${JSON.stringify(data ?? {})}::jsonb) order by created_on`.execute(test.db)
  ).rows.map((r) => r.state);
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
    // The queue's own dead-letter: the job failed (not "completed"), its letter holds the payload and the code.
    expect(await states("user.registered.v1", { user: "legacy" })).toEqual(["failed"]);
    const [letter] = await queue.deadLetters(contract);
    expect(letter).toMatchObject({ data: { user: "legacy" }, failure: { code: "job.payload_invalid" } });
  });

  it("dead-letters a permanent failure at once and a retryable one after its retries, in the same shape", async () => {
    let flakyRuns = 0;
    await queue.work(
      doomed,
      async () => {
        throw new PermanentError("the user is gone");
      },
      { isPermanent: (e) => e instanceof PermanentError },
    );
    await queue.work(flaky, async () => {
      flakyRuns++;
      throw Object.assign(new Error("WB answered 502"), { code: "wb.unavailable" });
    });
    await queue.send(doomed, { n: 1 });
    await queue.send(flaky, { n: 2 });
    await waitFor(() => flakyRuns >= 2, 15_000);
    await waitFor(() => false, 1000);

    expect(await queue.deadLetters(doomed)).toEqual([
      { data: { n: 1 }, failure: { code: "PermanentError", message: "the user is gone" }, at: expect.any(Date) },
    ]);
    expect(await queue.deadLetters(flaky)).toEqual([
      { data: { n: 2 }, failure: { code: "wb.unavailable", message: "WB answered 502" }, at: expect.any(Date) },
    ]);
    // One try for the permanent one; the first try and its one retry for the other.
    expect(flakyRuns).toBe(2);
    expect(await states("test.doomed.v1")).toEqual(["failed"]);
  });
});
