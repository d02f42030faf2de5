import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { enqueuePortalNotice } from "./portal-notifications.ts";
import { createTestDatabase, type TestDatabase } from "./testing.ts";
import { upsertTelegramUser } from "./users.ts";

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase(inject("pgAdminUrl"));
  // One healthy sales account, so an opted-in seller can be rung.
  await test.db
    .insertInto("sales_accounts")
    .values({
      phone: "+79990000001",
      session_sealed: Buffer.from("sealed"),
      device_model: "Pixel 8",
      system_version: "Android 14",
      app_version: "11.0",
      lang_code: "ru",
      system_lang_code: "ru-RU",
    })
    .execute();
});
afterAll(() => test.drop());

async function seller(telegramId: number, optIn: boolean) {
  const { user, organization } = await upsertTelegramUser(
    test.db,
    { telegramId, firstName: "Seller", username: `seller${telegramId}` },
    { isAdmin: false },
  );
  await test.db.updateTable("users").set({ call_opt_in: optIn }).where("id", "=", user.id).execute();
  return { userId: user.id, organizationId: organization.id };
}

const lost = (organizationId: number, pausedTasks: number, occurrence: string) =>
  test.db.transaction().execute((trx) =>
    enqueuePortalNotice(
      trx,
      {
        kind: "portal.session_lost",
        organizationId,
        cabinetId: 1,
        cabinetName: "Main",
        pausedTasks,
        occurrence,
      },
      [777000],
    ),
  );

describe("a lost portal session's notice", () => {
  it("rings an opted-in seller whose book tasks were paused, with the notice as the only message", async () => {
    const s = await seller(9201, true);
    expect(await lost(s.organizationId, 2, "a")).toBe(2); // the seller and the admin
    await lost(s.organizationId, 2, "a"); // the same loss again: nothing new
    const calls = await test.db
      .selectFrom("urgent_calls")
      .where("user_id", "=", s.userId)
      .select(["kind", "payload", "follow_up", "status"])
      .execute();
    expect(calls).toEqual([
      { kind: "portal_session_lost", payload: { cabinet: "Main" }, follow_up: false, status: "pending" },
    ]);
    const messages = await test.db.selectFrom("notifications").where("chat_id", "=", 9201).select("kind").execute();
    expect(messages).toEqual([{ kind: "portal.session_lost" }]);
  });

  it("does not ring when no task was hunting, nor a seller who did not opt in", async () => {
    const idle = await seller(9202, true);
    await lost(idle.organizationId, 0, "b");
    const optedOut = await seller(9203, false);
    await lost(optedOut.organizationId, 3, "c");
    const calls = await test.db
      .selectFrom("urgent_calls")
      .where("user_id", "in", [idle.userId, optedOut.userId])
      .selectAll()
      .execute();
    expect(calls).toEqual([]);
    const urgentMessages = await test.db
      .selectFrom("notifications")
      .where("chat_id", "in", [9202, 9203])
      .where("kind", "=", "urgent.alert")
      .selectAll()
      .execute();
    expect(urgentMessages).toEqual([]);
  });
});
