import { upsertTelegramUser } from "@slotpilot/db";
import { createTestDatabase, type TestDatabase } from "@slotpilot/db/testing";
import { deliverKeptSupport, JobQueue, userRegistered } from "@slotpilot/jobs";
import { silentLogger } from "@slotpilot/observability";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { runNotifier } from "./notifier/run-notifier.ts";
import { runWorkers } from "./run-workers.ts";

let test: TestDatabase;
let queue: JobQueue;
let notifier: { stop(): Promise<void> };
const sent: { chatId: number; text: string }[] = [];

beforeAll(async () => {
  test = await createTestDatabase(inject("pgAdminUrl"));
  queue = await JobQueue.start(test.url);
  await runWorkers({ db: test.db, queue, log: silentLogger, adminTelegramIds: [11, 12], concurrency: 2 });
  // Messages reach Telegram only through the outbox and its notifier.
  const telegram = { send: async (chatId: number, text: string) => void sent.push({ chatId, text }) };
  notifier = await runNotifier({ db: test.db, telegram, log: silentLogger, publicUrl: "https://slotpilot.example" });
});
afterAll(async () => {
  await notifier.stop();
  await queue.stop(2000);
  await test.drop();
});

async function until(check: () => boolean, ms = 10_000) {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
}

describe("workers", () => {
  it("tells every admin, in their own language, when a new seller signs up — once", async () => {
    await upsertTelegramUser(test.db, { telegramId: 12, firstName: "Админ", languageCode: "ru" }, { isAdmin: true });
    await test.db.updateTable("users").set({ locale: "ru" }).where("telegram_id", "=", 12).execute();
    await upsertTelegramUser(
      test.db,
      { telegramId: 500, firstName: "Nina", username: "nina_shop" },
      {
        isAdmin: false,
        onCreated: (trx, user) => queue.send(userRegistered, { userId: user.id }, { trx }).then(() => {}),
      },
    );
    await until(() => sent.length >= 2);
    expect(sent).toContainEqual({ chatId: 11, text: "New seller: Nina (@nina_shop), Telegram id 500." });
    expect(sent).toContainEqual({ chatId: 12, text: "Новый продавец: Nina (@nina_shop), Telegram id 500." });

    // A retried job (same user) does not tell anyone twice.
    const user = await test.db.selectFrom("users").where("telegram_id", "=", 500).selectAll().executeTakeFirstOrThrow();
    await queue.send(userRegistered, { userId: user.id });
    await until(() => false, 1500);
    expect(sent).toHaveLength(2);
    const outbox = await test.db.selectFrom("notifications").select(["kind", "status"]).execute();
    expect(outbox).toEqual([
      { kind: "admin.new_seller", status: "sent" },
      { kind: "admin.new_seller", status: "sent" },
    ]);
  });

  it("delivers a support message kept while no admin had opened the bot", async () => {
    const { user, organization } = await upsertTelegramUser(
      test.db,
      { telegramId: 501, firstName: "Ira" },
      { isAdmin: false },
    );
    // Kept by the API before any admin had opened the bot (admin 12 has, since).
    await test.db
      .insertInto("support_messages")
      .values({
        id: "00000000-0000-4000-8000-000000000501",
        organization_id: organization.id,
        user_id: user.id,
        payload: JSON.stringify({
          telegramId: 501,
          name: "Ira",
          username: null,
          organization: "Ira",
          text: "Где мой слот?",
        }),
      })
      .execute();
    const before = sent.length;
    // What the schedule does every minute.
    await queue.send(deliverKeptSupport, {});
    await until(() => sent.length > before);
    expect(sent.slice(before)).toEqual([{ chatId: 12, text: expect.stringContaining("Где мой слот?") }]);
    const kept = await test.db.selectFrom("support_messages").select("delivered_at").executeTakeFirstOrThrow();
    expect(kept.delivered_at).toBeInstanceOf(Date);
  });
});
