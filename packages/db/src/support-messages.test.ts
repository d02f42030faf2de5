import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { deliverKeptSupport, keepSupportMessage } from "./support-messages.ts";
import { createTestDatabase, type TestDatabase } from "./testing.ts";
import { upsertTelegramUser } from "./users.ts";

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase(inject("pgAdminUrl"));
});
afterAll(() => test.drop());

const write = async (telegramId: number, text: string) => {
  const { user, organization } = await upsertTelegramUser(
    test.db,
    { telegramId, firstName: "Seller" },
    { isAdmin: false },
  );
  return test.db.transaction().execute((trx) =>
    keepSupportMessage(trx, {
      id: randomUUID(),
      organizationId: organization.id,
      userId: user.id,
      payload: { telegramId, name: "Seller", username: null, organization: organization.name, text },
    }),
  );
};

const toAdmins = () =>
  test.db
    .selectFrom("notifications")
    .where("kind", "=", "support.message")
    .select(["chat_id", "payload"])
    .orderBy("id")
    .execute();

describe("support messages", () => {
  it("are kept while no admin has opened the bot, and delivered once, to every admin, when one has", async () => {
    expect(await write(501, "first")).toBe(false);
    expect(await write(502, "second")).toBe(false);
    expect(await toAdmins()).toEqual([]);
    // Nobody to read them: a delivery run changes nothing.
    expect(await deliverKeptSupport(test.db)).toBe(0);

    await upsertTelegramUser(test.db, { telegramId: 9001, firstName: "Admin" }, { isAdmin: true });
    await upsertTelegramUser(test.db, { telegramId: 9002, firstName: "Admin" }, { isAdmin: true });
    // Two runs at once (two workers' schedules): each message reaches each admin once.
    const runs = await Promise.all([deliverKeptSupport(test.db), deliverKeptSupport(test.db)]);
    expect(runs.reduce((a, b) => a + b)).toBe(2);
    const delivered = await toAdmins();
    expect(delivered.map((n) => [n.chat_id, n.payload.text])).toEqual([
      [9001, "first"],
      [9002, "first"],
      [9001, "second"],
      [9002, "second"],
    ]);
    expect(await deliverKeptSupport(test.db)).toBe(0);

    // With an admin there, a new message is delivered as it is written.
    expect(await write(503, "third")).toBe(true);
    expect((await toAdmins()).filter((n) => n.payload.text === "third").map((n) => n.chat_id)).toEqual([9001, 9002]);
  });
});
