import { enqueueMessages, enqueueSlotAlert, publishEvent, type SlotAlert, upsertTelegramUser } from "@slotpilot/db";
import { createTestDatabase, type TestDatabase } from "@slotpilot/db/testing";
import { silentLogger } from "@slotpilot/observability";
import { GrammyError, HttpError } from "grammy";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import type { SendOptions, TelegramNotifier } from "../telegram-notifier.ts";
import { OutboxNotifier, type OutboxNotifierOptions } from "./outbox-notifier.ts";
import { runNotifier } from "./run-notifier.ts";

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase(inject("pgAdminUrl"));
});
afterAll(() => test.drop());
beforeEach(async () => {
  await test.db.deleteFrom("notifications").execute();
});

interface Sent {
  chatId: number;
  text: string;
  options: SendOptions | undefined;
}

/** A Telegram stand-in: records what was sent; `fail` decides, per call, to throw instead. */
function fakeTelegram(fail: (chatId: number, call: number) => unknown = () => undefined) {
  const sent: Sent[] = [];
  let calls = 0;
  const telegram: TelegramNotifier = {
    send: async (chatId, text, options) => {
      calls += 1;
      const error = fail(chatId, calls);
      if (error) throw error;
      sent.push({ chatId, text, options });
    },
  };
  return { telegram, sent, calls: () => calls };
}

const apiError = (code: number, description: string, retryAfter?: number) =>
  new GrammyError(
    "Call to 'sendMessage' failed!",
    { ok: false, error_code: code, description, ...(retryAfter ? { parameters: { retry_after: retryAfter } } : {}) },
    "sendMessage",
    {},
  );

function clock(start = Date.parse("2026-11-21T09:00:00Z")) {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

function notifier(telegram: TelegramNotifier, now: () => number, options: Partial<OutboxNotifierOptions> = {}) {
  return new OutboxNotifier({
    db: test.db,
    telegram,
    log: silentLogger,
    publicUrl: "https://slotpilot.example",
    now,
    ...options,
  });
}

let nextTelegramId = 1000;
async function seller(languageCode = "en") {
  const telegramId = nextTelegramId++;
  const { organization } = await upsertTelegramUser(
    test.db,
    { telegramId, firstName: `Seller ${telegramId}`, languageCode },
    { isAdmin: false },
  );
  return { telegramId, organizationId: organization.id };
}

let nextOpening = 1;
function alertFor(organizationId: number, overrides: Partial<SlotAlert> = {}): SlotAlert {
  return {
    organizationId,
    taskId: 42,
    warehouseId: 507,
    warehouseName: "Коледино",
    date: "2026-11-25",
    boxTypeId: 2,
    coefficient: 0,
    opening: `507:2026-11-25:2@${nextOpening++}`,
    ...overrides,
  };
}

const statusOf = (chatId: number) =>
  test.db
    .selectFrom("notifications")
    .where("chat_id", "=", chatId)
    .select(["status", "attempts", "last_error", "sent_at"])
    .orderBy("id")
    .execute();

describe("OutboxNotifier", () => {
  it("holds a message that can wait until the recipient's quiet hours end; a slot alert goes at once", async () => {
    const night = await seller("en");
    // Quiet 23:00–08:00 Moscow; the clock is at 23:30 Moscow (20:30 UTC).
    await test.db
      .updateTable("users")
      .set({ quiet_hours_start: 23 * 60, quiet_hours_end: 8 * 60 })
      .where("telegram_id", "=", night.telegramId)
      .execute();
    await enqueueMessages(test.db, [
      {
        chatId: night.telegramId,
        kind: "support.reply",
        dedupeKey: `quiet-${night.telegramId}`,
        payload: { text: "Hi" },
      },
    ]);
    await enqueueSlotAlert(test.db, alertFor(night.organizationId));
    const tg = fakeTelegram();
    const c = clock(Date.parse("2026-11-21T20:30:00Z"));
    const n = notifier(tg.telegram, c.now);
    expect(await n.drainOnce()).toMatchObject({ sent: 1 });
    expect(tg.sent.map((m) => m.text)).toEqual([expect.stringMatching(/^Slot open at/)]);
    // 07:59 Moscow: still quiet.
    c.advance(8 * 3_600_000 + 29 * 60_000);
    expect((await n.drainOnce()).sent).toBe(0);
    // 08:00 Moscow: the answer goes out.
    c.advance(60_000);
    expect((await n.drainOnce()).sent).toBe(1);
    expect(tg.sent.at(-1)?.text).toBe("✉️ The Slotpilot team answers:\n\nHi");
  });

  it("adds a button to the task's supply in the WB portal, read from the task when the alert is sent", async () => {
    const owner = await seller("en");
    const cabinet = await test.db
      .insertInto("cabinets")
      .values({
        organization_id: owner.organizationId,
        name: "Main",
        token_sealed: Buffer.from("x"),
        token_fingerprint: `fp-${owner.telegramId}`,
        token_type: "personal",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const task = await test.db
      .insertInto("booking_tasks")
      .values({
        organization_id: owner.organizationId,
        cabinet_id: cabinet.id,
        supply_kind: "preorder",
        supply_id: "30000123",
        warehouse_ids: [507],
        box_type_id: 2,
        date_from: "2026-11-22",
        date_to: "2026-11-30",
        max_coefficient: 0,
        mode: "alert",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await enqueueSlotAlert(test.db, alertFor(owner.organizationId, { taskId: task.id }));
    const tg = fakeTelegram();
    await notifier(tg.telegram, clock().now, { wbPortalUrl: "http://127.0.0.1:8090/seller" }).drainOnce();
    expect(tg.sent[0]?.options?.replyMarkup?.inline_keyboard).toEqual([
      [
        {
          text: "Open in WB",
          url: "http://127.0.0.1:8090/seller/supplies-management/all-supplies/supply-detail?preorderId=30000123",
        },
        { text: "Open task", web_app: { url: `https://slotpilot.example/tasks/${task.id}` } },
      ],
    ]);
  });

  it("turns an alert into one message in the seller's language with a button that opens the task", async () => {
    const anna = await seller("ru");
    await enqueueSlotAlert(test.db, alertFor(anna.organizationId, { taskId: 7 }));
    const tg = fakeTelegram();
    const c = clock();

    expect(await notifier(tg.telegram, c.now).drainOnce()).toMatchObject({ sent: 1, failed: 0 });
    expect(tg.sent).toEqual([
      {
        chatId: anna.telegramId,
        text: expect.stringContaining(
          "Открылся слот: Коледино\nДата: ср, 25 ноября\nТип поставки: Короба\nПриёмка: бесплатно",
        ),
        options: {
          replyMarkup: {
            inline_keyboard: [[{ text: "Открыть задачу", web_app: { url: "https://slotpilot.example/tasks/7" } }]],
          },
        },
      },
    ]);
    expect(await statusOf(anna.telegramId)).toEqual([
      { status: "sent", attempts: 0, last_error: null, sent_at: new Date(c.now()) },
    ]);
  });

  it("announces one opening once, and a closed-and-reopened cell again", async () => {
    const boris = await seller();
    const opening = alertFor(boris.organizationId);
    expect(await enqueueSlotAlert(test.db, opening)).toBe(1);
    expect(await enqueueSlotAlert(test.db, opening)).toBe(0);
    const tg = fakeTelegram();
    const c = clock();
    const n = notifier(tg.telegram, c.now);
    await n.drainOnce();
    c.advance(5000);
    await n.drainOnce();
    expect(tg.sent).toHaveLength(1);

    // The cell closed and opened again: a new opening, a new message.
    await enqueueSlotAlert(test.db, { ...opening, opening: `${opening.opening}-reopened` });
    await n.drainOnce();
    expect(tg.sent).toHaveLength(2);
    expect(tg.sent.map((s) => s.text)).toEqual([expect.stringContaining("Slot open at Коледино"), expect.any(String)]);
  });

  it("keeps to one message a second per chat and 25 a second overall", async () => {
    const busy = await seller();
    for (let i = 0; i < 3; i++) await enqueueSlotAlert(test.db, alertFor(busy.organizationId));
    const others = [];
    for (let i = 0; i < 29; i++) others.push(await seller());
    for (const o of others) await enqueueSlotAlert(test.db, alertFor(o.organizationId));

    const tg = fakeTelegram();
    const c = clock();
    const n = notifier(tg.telegram, c.now);
    const first = await n.drainOnce();
    expect(first.sent).toBe(25);
    expect(first.nextInMs).toBe(1000);
    expect((await n.drainOnce()).sent).toBe(0); // the same instant: every limit is spent

    c.advance(1000);
    expect((await n.drainOnce()).sent).toBe(6); // the busy chat's second + the 5 chats still waiting
    c.advance(1000);
    expect((await n.drainOnce()).sent).toBe(1);
    expect(tg.sent.filter((s) => s.chatId === busy.telegramId)).toHaveLength(3);
    expect(new Set(tg.sent.map((s) => s.chatId)).size).toBe(30);
  });

  it("fails a message at once when the user blocked the bot or Telegram rejects it", async () => {
    const blocked = await seller();
    const rejected = await seller();
    await enqueueSlotAlert(test.db, alertFor(blocked.organizationId));
    await enqueueSlotAlert(test.db, alertFor(rejected.organizationId));
    const tg = fakeTelegram((chatId) =>
      chatId === blocked.telegramId
        ? apiError(403, "Forbidden: bot was blocked by the user")
        : apiError(400, "Bad Request: chat not found"),
    );
    const c = clock();
    const n = notifier(tg.telegram, c.now);
    expect(await n.drainOnce()).toMatchObject({ sent: 0, failed: 2, retrying: 0 });
    c.advance(120_000);
    await n.drainOnce();
    expect(tg.calls()).toBe(2);
    expect(await statusOf(blocked.telegramId)).toEqual([
      { status: "failed", attempts: 1, last_error: "403: Forbidden: bot was blocked by the user", sent_at: null },
    ]);
    expect((await statusOf(rejected.telegramId))[0]?.status).toBe("failed");
  });

  it("honours a 429's retry_after for every chat, without counting it as a failed attempt", async () => {
    const first = await seller();
    const second = await seller();
    await enqueueSlotAlert(test.db, alertFor(first.organizationId));
    const tg = fakeTelegram((_, call) =>
      call === 1 ? apiError(429, "Too Many Requests: retry after 5", 5) : undefined,
    );
    const c = clock();
    const n = notifier(tg.telegram, c.now);
    expect(await n.drainOnce()).toMatchObject({ retrying: 1, nextInMs: 5000 });

    await enqueueSlotAlert(test.db, alertFor(second.organizationId));
    c.advance(4999);
    expect((await n.drainOnce()).sent).toBe(0);
    expect(tg.calls()).toBe(1);

    c.advance(1);
    expect((await n.drainOnce()).sent).toBe(2);
    expect(await statusOf(first.telegramId)).toEqual([
      { status: "sent", attempts: 0, last_error: null, sent_at: new Date(c.now()) },
    ]);
  });

  it("retries network and 5xx failures with backoff, then gives up with the last error", async () => {
    const flaky = await seller();
    await enqueueSlotAlert(test.db, alertFor(flaky.organizationId));
    const tg = fakeTelegram((_, call) =>
      call === 1
        ? new HttpError("Network request for 'sendMessage' failed!", new Error("ECONNRESET"))
        : apiError(502, "Bad Gateway"),
    );
    const c = clock();
    const n = notifier(tg.telegram, c.now, { maxAttempts: 3, backoffMs: (attempt) => attempt * 1000 });

    expect(await n.drainOnce()).toMatchObject({ retrying: 1, nextInMs: 1000 });
    expect(await statusOf(flaky.telegramId)).toMatchObject([{ status: "pending", attempts: 1 }]);
    c.advance(999);
    await n.drainOnce();
    expect(tg.calls()).toBe(1); // still backing off

    c.advance(1);
    expect(await n.drainOnce()).toMatchObject({ retrying: 1, nextInMs: 2000 });
    c.advance(2000);
    expect(await n.drainOnce()).toMatchObject({ failed: 1 });
    expect(tg.calls()).toBe(3);
    expect(await statusOf(flaky.telegramId)).toEqual([
      { status: "failed", attempts: 3, last_error: "gave up after 3 attempts: 502: Bad Gateway", sent_at: null },
    ]);
  });

  it("sends a message that failed once when the next attempt succeeds", async () => {
    const s = await seller();
    await enqueueSlotAlert(test.db, alertFor(s.organizationId));
    const tg = fakeTelegram((_, call) => (call === 1 ? apiError(500, "Internal Server Error") : undefined));
    const c = clock();
    const n = notifier(tg.telegram, c.now, { backoffMs: () => 2000 });
    await n.drainOnce();
    c.advance(2000);
    expect((await n.drainOnce()).sent).toBe(1);
    expect(await statusOf(s.telegramId)).toMatchObject([{ status: "sent", attempts: 1, last_error: null }]);
  });

  it("fails an alert it cannot read, and leaves a kind it does not know for a notifier that does", async () => {
    const s = await seller();
    await test.db
      .insertInto("notifications")
      .values([
        { chat_id: s.telegramId, kind: "slot.alert", dedupe_key: "broken", payload: JSON.stringify({ taskId: "x" }) },
        { chat_id: s.telegramId, kind: "digest.daily", dedupe_key: "future", payload: JSON.stringify({}) },
      ])
      .execute();
    const tg = fakeTelegram();
    expect(await notifier(tg.telegram, clock().now).drainOnce()).toMatchObject({ sent: 0, failed: 1 });
    expect(tg.calls()).toBe(0);
    expect(await statusOf(s.telegramId)).toMatchObject([
      { status: "failed", last_error: "unreadable slot.alert payload" },
      { status: "pending", attempts: 0 },
    ]);
  });

  it("never sends one row twice when two notifier processes drain at the same time", async () => {
    const sellers = [];
    for (let i = 0; i < 10; i++) sellers.push(await seller());
    for (const s of sellers) await enqueueSlotAlert(test.db, alertFor(s.organizationId));
    const sent: number[] = [];
    // Slow sends, so both notifiers are mid-delivery at once and contend for the same rows.
    const slow: TelegramNotifier = {
      send: async (chatId) => {
        await new Promise((r) => setTimeout(r, 30));
        sent.push(chatId);
      },
    };
    const c = clock();
    const [a, b] = await Promise.all([notifier(slow, c.now).drainOnce(), notifier(slow, c.now).drainOnce()]);
    expect(a.sent + b.sent).toBe(10);
    expect(sent.sort()).toEqual(sellers.map((s) => s.telegramId).sort());
  });

  it("runs on its own: an alert decision wakes it, and stop() waits for the send in flight", async () => {
    const s = await seller();
    const tg = fakeTelegram();
    const running = await runNotifier({
      db: test.db,
      databaseUrl: test.url,
      telegram: tg.telegram,
      log: silentLogger,
      publicUrl: "http://localhost:8080",
    });
    try {
      const alert = alertFor(s.organizationId);
      await test.db.transaction().execute(async (trx) => {
        await enqueueSlotAlert(trx, alert);
        await publishEvent(trx, {
          type: "task.decision",
          organizationId: s.organizationId,
          taskId: alert.taskId,
          action: "alert",
          warehouseId: alert.warehouseId,
          date: alert.date,
          boxTypeId: alert.boxTypeId,
          coefficient: alert.coefficient,
        });
      });
      const end = Date.now() + 10_000;
      while (tg.sent.length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
      expect(tg.sent).toHaveLength(1);
      expect(tg.sent[0]?.options?.replyMarkup?.inline_keyboard).toEqual([
        [{ text: "Open task", url: "http://localhost:8080/tasks/42" }],
      ]);
    } finally {
      await running.stop();
    }
    expect(await statusOf(s.telegramId)).toMatchObject([{ status: "sent" }]);
  });
});
