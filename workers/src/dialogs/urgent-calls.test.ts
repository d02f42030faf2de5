import { enqueueUrgentAlert, upsertTelegramUser } from "@slotpilot/db";
import { createTestDatabase, type TestDatabase } from "@slotpilot/db/testing";
import { minuteOfDay } from "@slotpilot/domain";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { type Harness, harness, seedAccount } from "./test-kit.ts";

let test: TestDatabase;
let h: Harness;
let nextId = 5000;

beforeAll(async () => {
  test = await createTestDatabase(inject("pgAdminUrl"));
});
afterAll(() => test.drop());
beforeEach(async () => {
  await test.db.deleteFrom("urgent_calls").execute();
  await test.db.deleteFrom("notifications").execute();
  await test.db.deleteFrom("sales_accounts").execute();
  h = await harness(test.db);
});
afterEach(() => h.close());

async function seller(
  options: { username?: string | null; optIn?: boolean; cap?: number; quiet?: [number, number] } = {},
) {
  const telegramId = nextId++;
  const username = options.username === undefined ? `seller${telegramId}` : options.username;
  const { user } = await upsertTelegramUser(
    test.db,
    { telegramId, firstName: "Seller", ...(username ? { username } : {}) },
    { isAdmin: false },
  );
  await test.db
    .updateTable("users")
    .set({
      call_opt_in: options.optIn ?? true,
      daily_call_cap: options.cap ?? 2,
      quiet_hours_start: options.quiet?.[0] ?? null,
      quiet_hours_end: options.quiet?.[1] ?? null,
    })
    .where("id", "=", user.id)
    .execute();
  return { userId: user.id, telegramId, username };
}

const messagesTo = (chatId: number) =>
  test.db
    .selectFrom("notifications")
    .where("chat_id", "=", chatId)
    .where("kind", "=", "urgent.alert")
    .select("payload")
    .execute();

describe("urgent calls", () => {
  it("rings an opted-in seller from a healthy account, then sends the usual message", async () => {
    await seedAccount(test.db, h.telegram, "+79990000001");
    const s = await seller();
    const prospect = h.telegram.addUser({ username: s.username ?? "" });
    const decision = await enqueueUrgentAlert(test.db, {
      userId: s.userId,
      kind: "portal_session_lost",
      key: "lost:1",
      params: { cabinet: "Main" },
    });
    expect(decision).toEqual({ call: true });
    expect(await messagesTo(s.telegramId)).toEqual([]); // the message follows the ring

    await h.engine({ ringMs: 10 }).tick();
    expect(h.telegram.calls).toEqual([
      { phone: "+79990000001", userId: prospect.userId, ringMs: 10, at: expect.any(Date) },
    ]);
    expect(await messagesTo(s.telegramId)).toEqual([
      { payload: { kind: "portal_session_lost", params: { cabinet: "Main" } } },
    ]);
    const account = await test.db.selectFrom("sales_accounts").select("messages_today").executeTakeFirstOrThrow();
    expect(account.messages_today).toBe(1); // a call counts against the account's limits
  });

  it("only rings when the caller sent its own message (a lost session's notice): no second message, ringing or not", async () => {
    await seedAccount(test.db, h.telegram, "+79990000001");
    const optedIn = await seller();
    const prospect = h.telegram.addUser({ username: optedIn.username ?? "" });
    const optedOut = await seller({ optIn: false });
    for (const s of [optedIn, optedOut]) {
      await enqueueUrgentAlert(test.db, {
        userId: s.userId,
        kind: "portal_session_lost",
        key: `ring-only:${s.userId}`,
        params: { cabinet: "Main" },
        message: false,
      });
    }
    await h.engine({ ringMs: 10 }).tick();
    expect(h.telegram.calls).toEqual([
      { phone: "+79990000001", userId: prospect.userId, ringMs: 10, at: expect.any(Date) },
    ]);
    expect(await messagesTo(optedIn.telegramId)).toEqual([]);
    expect(await messagesTo(optedOut.telegramId)).toEqual([]);
  });

  it("sends the message alone when the seller did not opt in, is in quiet hours, hit the cap, or no account can call", async () => {
    const now = new Date();
    const minute = minuteOfDay(now, "Europe/Moscow");
    const cases = [
      { seller: await seller({ optIn: false }), reason: "not_opted_in" },
      { seller: await seller({ quiet: [(minute + 1439) % 1440, (minute + 60) % 1440] }), reason: "quiet_hours" },
      { seller: await seller({ cap: 0 }), reason: "cap_reached" },
      { seller: await seller({ username: null }), reason: "no_username" },
      { seller: await seller(), reason: "no_account" },
    ];
    for (const [i, c] of cases.entries()) {
      const decision = await enqueueUrgentAlert(
        test.db,
        { userId: c.seller.userId, kind: "plan_limit", key: `k${i}` },
        now,
      );
      expect(decision).toEqual({ call: false, reason: c.reason });
      expect(await messagesTo(c.seller.telegramId)).toHaveLength(1);
    }
    expect(await test.db.selectFrom("urgent_calls").selectAll().execute()).toEqual([]);
  });

  it("keeps to the seller's daily cap", async () => {
    await seedAccount(test.db, h.telegram, "+79990000001");
    const s = await seller({ cap: 1 });
    expect(await enqueueUrgentAlert(test.db, { userId: s.userId, kind: "booking_failed", key: "a" })).toEqual({
      call: true,
    });
    expect(await enqueueUrgentAlert(test.db, { userId: s.userId, kind: "booking_failed", key: "b" })).toEqual({
      call: false,
      reason: "cap_reached",
    });
  });

  it("falls back to the message when the seller's privacy refuses calls", async () => {
    await seedAccount(test.db, h.telegram, "+79990000001");
    const s = await seller();
    h.telegram.addUser({ username: s.username ?? "", refusesCalls: true });
    await enqueueUrgentAlert(test.db, { userId: s.userId, kind: "booking_failed", key: "p", params: { taskId: 7 } });
    await h.engine({ ringMs: 10 }).tick();
    expect(h.telegram.calls).toEqual([]);
    const call = await test.db.selectFrom("urgent_calls").selectAll().executeTakeFirstOrThrow();
    expect(call).toMatchObject({ status: "unreachable", detail: "privacy_restricted" });
    expect(await messagesTo(s.telegramId)).toHaveLength(1);
  });

  it("sends the message alone when no account placed the call before its deadline", async () => {
    await seedAccount(test.db, h.telegram, "+79990000001");
    const s = await seller();
    await enqueueUrgentAlert(test.db, { userId: s.userId, kind: "plan_limit", key: "late" });
    // Every account went away before calling; the deadline passes.
    await test.db.updateTable("sales_accounts").set({ status: "disabled" }).execute();
    await test.db
      .updateTable("urgent_calls")
      .set({ deadline_at: new Date(Date.now() - 1000) })
      .execute();
    await h.engine().tick();
    expect(await test.db.selectFrom("urgent_calls").select(["status", "detail"]).execute()).toEqual([
      { status: "skipped", detail: "no account could call in time" },
    ]);
    expect(await messagesTo(s.telegramId)).toEqual([{ payload: { kind: "plan_limit", params: {} } }]);
  });
});
