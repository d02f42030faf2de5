import { enqueueTaskStatus, upsertTelegramUser } from "@slotpilot/db";
import { createTestDatabase, type TestDatabase } from "@slotpilot/db/testing";
import { silentLogger } from "@slotpilot/observability";
import { Api, type Transformer } from "grammy";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { apiNotifier } from "../telegram-notifier.ts";
import { OutboxNotifier } from "./outbox-notifier.ts";

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase(inject("pgAdminUrl"));
});
afterAll(() => test.drop());

/** A Bot API answered here: what the chat would show, message by message. */
function chat(options: { editFails?: boolean } = {}) {
  const messages = new Map<number, string>();
  const calls: { method: string; messageId: number }[] = [];
  let next = 100;
  const transformer: Transformer = async (_prev, method, payload) => {
    const p = payload as { text?: string; message_id?: number; chat_id?: number };
    if (method === "sendMessage") {
      const id = ++next;
      messages.set(id, String(p.text));
      calls.push({ method, messageId: id });
      return {
        ok: true,
        result: { message_id: id, date: 0, chat: { id: p.chat_id, type: "private" }, text: p.text } as never,
      };
    }
    if (method === "editMessageText") {
      calls.push({ method, messageId: Number(p.message_id) });
      if (options.editFails)
        return { ok: false, error_code: 400, description: "Bad Request: message to edit not found" };
      messages.set(Number(p.message_id), String(p.text));
      return { ok: true, result: true as never };
    }
    return { ok: true, result: true as never };
  };
  const api = new Api("1:local");
  api.config.use(transformer);
  return { api, messages, calls };
}

let nextTelegramId = 31_000;
async function seller(languageCode: string) {
  const telegramId = nextTelegramId++;
  const { organization } = await upsertTelegramUser(
    test.db,
    { telegramId, firstName: "Anna", languageCode },
    { isAdmin: false },
  );
  return { telegramId, organizationId: organization.id };
}

/** A notifier on a clock that moves 2 s per drain: Telegram's one-message-a-second per chat is kept. */
function notifier(api: Api) {
  let now = Date.parse("2026-11-30T09:00:00Z");
  const n = new OutboxNotifier({
    db: test.db,
    telegram: apiNotifier(api),
    log: silentLogger,
    publicUrl: "https://slotpilot.example",
    now: () => now,
  });
  return {
    drainOnce: async () => {
      now += 2000;
      return n.drainOnce();
    },
  };
}

describe("a booking's live status", () => {
  it("is one message that updates itself: searching → booking → booked", async () => {
    const s = await seller("en");
    const tg = chat();
    const n = notifier(tg.api);
    const slot = { warehouseName: "Коледино", date: "2026-12-02", coefficient: 0 };
    await enqueueTaskStatus(test.db, { organizationId: s.organizationId, taskId: 5, phase: "searching" });
    await n.drainOnce();
    await enqueueTaskStatus(test.db, { organizationId: s.organizationId, taskId: 5, phase: "booking", details: slot });
    await n.drainOnce();
    expect([...tg.messages.values()]).toEqual(["⚡ Task #5: a slot opened — Коледино, 2 December, free. Booking…"]);
    await enqueueTaskStatus(test.db, { organizationId: s.organizationId, taskId: 5, phase: "booked", details: slot });
    await n.drainOnce();

    expect(tg.calls.map((c) => c.method)).toEqual(["sendMessage", "editMessageText", "editMessageText"]);
    expect(new Set(tg.calls.map((c) => c.messageId)).size).toBe(1);
    expect([...tg.messages.values()]).toEqual(["✅ Task #5: booked — Коледино, 2 December, free."]);
  });

  it("says why a booking failed, in the reader's language", async () => {
    const s = await seller("ru");
    const tg = chat();
    const n = notifier(tg.api);
    await enqueueTaskStatus(test.db, { organizationId: s.organizationId, taskId: 6, phase: "searching" });
    await n.drainOnce();
    await enqueueTaskStatus(test.db, {
      organizationId: s.organizationId,
      taskId: 6,
      phase: "failed",
      details: { reason: "Слот заняли раньше." },
    });
    await n.drainOnce();
    expect([...tg.messages.values()]).toEqual(["⛔ Задача #6: забронировать не удалось. Слот заняли раньше."]);
  });

  it("sends a new message when the old one cannot be edited any more, and goes on editing that one", async () => {
    const s = await seller("en");
    const first = chat();
    await enqueueTaskStatus(test.db, { organizationId: s.organizationId, taskId: 7, phase: "searching" });
    await notifier(first.api).drainOnce();
    const broken = chat({ editFails: true });
    await enqueueTaskStatus(test.db, { organizationId: s.organizationId, taskId: 7, phase: "booking" });
    await notifier(broken.api).drainOnce();
    expect(broken.calls.map((c) => c.method)).toEqual(["editMessageText", "sendMessage"]);
    const row = await test.db
      .selectFrom("live_messages")
      .where("chat_id", "=", s.telegramId)
      .where("live_key", "=", "task:7")
      .select("message_id")
      .executeTakeFirstOrThrow();
    expect(row.message_id).toBe(broken.calls[1]?.messageId);
  });

  it("a deleted task's status changes the message that is there, and sends none where there is none", async () => {
    const s = await seller("en");
    const tg = chat();
    const n = notifier(tg.api);
    await enqueueTaskStatus(test.db, { organizationId: s.organizationId, taskId: 8, phase: "searching" });
    await n.drainOnce();
    await enqueueTaskStatus(test.db, { organizationId: s.organizationId, taskId: 8, phase: "deleted" });
    await enqueueTaskStatus(test.db, { organizationId: s.organizationId, taskId: 9, phase: "deleted" });
    await n.drainOnce();
    expect(tg.calls.map((c) => c.method)).toEqual(["sendMessage", "editMessageText"]);
    expect([...tg.messages.values()]).toEqual(["🗑 Task #8 was deleted: no longer looking for a slot."]);
  });

  it("a pause or a resume moves the status message that is there, and starts none (the session's or plan's own message tells)", async () => {
    const s = await seller("en");
    const tg = chat();
    const n = notifier(tg.api);
    await enqueueTaskStatus(test.db, { organizationId: s.organizationId, taskId: 10, phase: "searching" });
    await n.drainOnce();
    const paused = {
      phase: "paused",
      attempt: "2",
      details: { editOnly: true, taskReason: "portal_session_lost" },
    } as const;
    await enqueueTaskStatus(test.db, { organizationId: s.organizationId, taskId: 10, ...paused });
    await enqueueTaskStatus(test.db, { organizationId: s.organizationId, taskId: 11, ...paused });
    await n.drainOnce();
    expect(tg.calls.map((c) => c.method)).toEqual(["sendMessage", "editMessageText"]);
    expect([...tg.messages.values()]).toEqual([expect.stringMatching(/^⏸ Task #10/)]);
  });
});
