import {
  acquireAccountLeases,
  beginSalesSend,
  connect,
  createSalesDialog,
  type Db,
  enqueueSalesMessage,
} from "@slotpilot/db";
import { createTestDatabase, type TestDatabase } from "@slotpilot/db/testing";
import { localDay } from "@slotpilot/domain";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { type Harness, harness, seedAccount, seedAdmin } from "./test-kit.ts";

let test: TestDatabase;
let h: Harness;
let adminId: number;
const PHONE = "+79990000001";
const day = () => localDay(new Date(), "Europe/Moscow");

beforeAll(async () => {
  test = await createTestDatabase(inject("pgAdminUrl"));
  adminId = await seedAdmin(test.db);
});
afterAll(() => test.drop());
beforeEach(async () => {
  await test.db.deleteFrom("sales_outbox").execute();
  await test.db.deleteFrom("sales_messages").execute();
  await test.db.deleteFrom("sales_dialogs").execute();
  await test.db.deleteFrom("sales_accounts").execute();
  h = await harness(test.db);
});
afterEach(() => h.close());

async function dialogWithMessage(db: Db, accountId: number, n: number) {
  const dialog = await db
    .insertInto("sales_dialogs")
    .values({ account_id: accountId, target_username: `prospect_${n}`, status: "contacted" })
    .returning("id")
    .executeTakeFirstOrThrow();
  return enqueueSalesMessage(db, { dialogId: dialog.id, accountId, kind: "admin", text: `message ${n}` });
}

describe("account limits", () => {
  it("50 concurrent sends on one account, from two processes: never over the daily limit, never closer than the minimum delay", async () => {
    const limits = { maxDailyMessages: 5, minMessageDelayMs: 200 };
    const accountId = await seedAccount(test.db, h.telegram, PHONE);
    await acquireAccountLeases(test.db, "worker-a", 60_000, 10);
    const rows: number[] = [];
    for (let n = 0; n < 50; n++) rows.push((await dialogWithMessage(test.db, accountId, n)) ?? 0);
    // A second connection pool stands for a second process racing for the same account.
    const other = connect(test.url);
    try {
      const pending = new Set(rows);
      const started = Date.now();
      // Bounded: 3 s of rounds, each firing every pending row at once, split across both pools.
      while (Date.now() - started < 3000) {
        const results = await Promise.all(
          [...pending].map(async (rowId, i) => {
            const begun = await beginSalesSend(i % 2 === 0 ? test.db : other, {
              rowId,
              owner: "worker-a",
              day: day(),
              limits,
            });
            return { rowId, ok: begun?.ok === true };
          }),
        );
        for (const r of results) if (r.ok) pending.delete(r.rowId);
        await new Promise((r) => setTimeout(r, 25));
      }
    } finally {
      await other.destroy();
    }

    const begun = await test.db
      .selectFrom("sales_outbox")
      .where("status", "=", "sending")
      .select("sending_at")
      .orderBy("sending_at")
      .execute();
    expect(begun).toHaveLength(5);
    const times = begun.map((r) => r.sending_at?.getTime() ?? 0);
    const gaps = times.slice(1).map((t, i) => t - (times[i] ?? 0));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(200);
    const account = await test.db.selectFrom("sales_accounts").selectAll().executeTakeFirstOrThrow();
    expect(account.messages_today).toBe(5);
  });

  it("the engine stops writing when an account's daily limit is spent and resumes the next day", async () => {
    await seedAccount(test.db, h.telegram, PHONE);
    for (const name of ["wb_one", "wb_two", "wb_three"]) {
      h.telegram.addUser({ username: name });
      const created = await createSalesDialog(test.db, { username: name, createdBy: adminId, day: day() });
      expect(created.ok).toBe(true);
    }
    const engine = h.engine({ limits: { maxDailyMessages: 2, minMessageDelayMs: 0 } });
    await engine.tick();
    await engine.tick();

    expect(h.telegram.deliveries).toHaveLength(2);
    const waiting = await test.db
      .selectFrom("sales_outbox")
      .where("status", "=", "pending")
      .select(["not_before", "last_error"])
      .executeTakeFirstOrThrow();
    expect(waiting.last_error).toBe("daily limit");
    expect(localDay(waiting.not_before, "Europe/Moscow")).not.toBe(day());
  });
});
