import { createTestDatabase, type TestDatabase } from "@slotpilot/db/testing";
import { type Sandbox, startSandbox } from "@slotpilot/sandbox";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { alertTask, cabinet, extraPersonalToken, START, seller, testMonitor } from "./test-world.ts";

let test: TestDatabase;
let sandbox: Sandbox;
beforeAll(async () => {
  test = await createTestDatabase(inject("pgAdminUrl"));
  // The default world moves: bursts, flapping cells, drift, competitors.
  sandbox = await startSandbox({ port: 0, autoRun: false, startTime: START });
});
afterAll(async () => {
  await sandbox.close();
  await test.drop();
});

const MINUTES = 30;

describe("slot monitor — a long run", () => {
  it(`${MINUTES} simulated minutes, 3 accounts (one with 2 tokens): paced at 10/N s, never over any account's limit`, async () => {
    const accounts = sandbox.control.createSeller({ cabinets: 3 }).cabinets;
    const [a, b, c] = accounts;
    if (!a || !b || !c) throw new Error("no cabinets");
    // Two organizations connected the same WB account with two different tokens: one budget.
    const org1 = await seller(test.db, 2001);
    const org2 = await seller(test.db, 2002);
    const cabinetId = await cabinet(test.db, org1, { supplierId: a.supplierId, token: a.tokens.personal });
    await cabinet(test.db, org1, { supplierId: b.supplierId, token: b.tokens.personal });
    await cabinet(test.db, org2, { supplierId: b.supplierId, token: extraPersonalToken(sandbox, b.supplierId) });
    await cabinet(test.db, org2, { supplierId: c.supplierId, token: c.tokens.personal });
    // A Basic token is never lent to the monitor (1 read an hour).
    await test.db
      .insertInto("cabinets")
      .values({
        organization_id: org2,
        name: "basic",
        token_type: "basic",
        monitor_opt_in: true,
        token_sealed: Buffer.from([0]),
        token_fingerprint: "basic",
      })
      .execute();
    await alertTask(test.db, org1, cabinetId, { warehouseId: 507 });

    const run = testMonitor(test.db, sandbox);
    await run.monitor.start();
    const end = sandbox.control.now() + MINUTES * 60_000;
    while (sandbox.control.now() < end) await run.pass();
    await run.monitor.close();

    const reads = accounts.map((account) =>
      sandbox.control
        .requests(account.supplierId)
        .filter((r) => r.path.endsWith("/acceptance/coefficients"))
        .map((r) => ({ at: Date.parse(r.time), status: r.status })),
    );
    for (const log of reads) {
      expect(log.filter((r) => r.status !== 200)).toEqual([]);
      let most = 0;
      for (const r of log) most = Math.max(most, log.filter((o) => o.at >= r.at && o.at < r.at + 60_000).length);
      expect(most).toBeLessThanOrEqual(6);
      // Each account reads once per 10 s: the second token of account b adds no reads.
      expect(log.length).toBeGreaterThanOrEqual(MINUTES * 6 - 1);
      expect(log.length).toBeLessThanOrEqual(MINUTES * 6 + 1);
    }
    // Staggered: with 3 accounts, one read every 10/3 s overall.
    const all = reads.flat().map((r) => r.at);
    all.sort((x, y) => x - y);
    const gaps = all.slice(1).map((t, i) => t - (all[i] ?? t));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(3_000);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(4_000);
    expect(run.monitor.status()).toMatchObject({ usableAccounts: 3, usableTokens: 4, lastError: null });
    // The moving world was seen: changes landed in the history.
    const history = await test.db
      .selectFrom("slot_changes")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(history.n)).toBeGreaterThan(0);
  }, 240_000);
});
