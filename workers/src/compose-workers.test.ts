import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadWorkersConfig } from "@slotpilot/config";
import { readMonitorStatus } from "@slotpilot/db";
import { createTestDatabase, type TestDatabase } from "@slotpilot/db/testing";
import { JobQueue } from "@slotpilot/jobs";
import { silentLogger } from "@slotpilot/observability";
import { type Sandbox, startSandbox } from "@slotpilot/sandbox";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startWorkers } from "./compose-workers.ts";

let test: TestDatabase;
let queue: JobQueue;
let sandbox: Sandbox;
beforeAll(async () => {
  test = await createTestDatabase(inject("pgAdminUrl"));
  queue = await JobQueue.start(test.url);
  sandbox = await startSandbox({ port: 0, autoRun: false });
});
afterAll(async () => {
  await queue.stop(2000);
  await sandbox.close();
  await test.drop();
});

const config = (env: Record<string, string>) =>
  loadWorkersConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), "slotpilot-workers-")), DATABASE_URL: test.url, ...env });

describe("startWorkers — every worker of a deployable, in one place", () => {
  it("starts the monitor and the session keeper, and stops them, freeing the keeper's seat", async () => {
    const workers = await startWorkers({
      config: config({}),
      db: test.db,
      databaseUrl: test.url,
      queue,
      log: silentLogger,
      wb: { hosts: sandbox.hosts, target: "sandbox" },
    });
    try {
      expect(workers.keeper?.workerId).toMatch(/:\d+:/);
      const seat = async () =>
        test.db
          .selectFrom("portal_workers")
          .select(["id", "capacity"])
          .where("id", "=", workers.keeper?.workerId ?? "")
          .executeTakeFirst();
      const end = Date.now() + 10_000;
      while (!(await seat()) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
      expect(await seat()).toMatchObject({ capacity: 50 });
      while (!(await readMonitorStatus(test.db)) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
      expect((await readMonitorStatus(test.db))?.started_at).toBeInstanceOf(Date);
    } finally {
      await workers.stop();
    }
    expect(await test.db.selectFrom("portal_workers").selectAll().execute()).toEqual([]);
    expect((await readMonitorStatus(test.db))?.usable_accounts).toBe(0);
  });

  it("runs no browser in a process told PORTAL_SESSIONS=off", async () => {
    const workers = await startWorkers({
      config: config({ PORTAL_SESSIONS: "off" }),
      db: test.db,
      databaseUrl: test.url,
      queue,
      log: silentLogger,
      wb: { hosts: sandbox.hosts, target: "sandbox" },
    });
    expect(workers.keeper).toBeNull();
    await workers.stop();
  });
});
