import { createSalesDialog, getSalesDialog } from "@slotpilot/db";
import { createTestDatabase, type TestDatabase } from "@slotpilot/db/testing";
import { localDay, REPLY_PROTOCOL } from "@slotpilot/domain";
import { TelegramUserError, type TelegramUserPort } from "@slotpilot/telegram-user";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { adminEvents, type Harness, harness, seedAccount, seedAdmin, waitFor } from "./test-kit.ts";

let test: TestDatabase;
let h: Harness;
let adminId: number;
const PHONE = "+79990000001";
const TODAY = () => localDay(new Date(), "Europe/Moscow");

beforeAll(async () => {
  test = await createTestDatabase(inject("pgAdminUrl"));
  adminId = await seedAdmin(test.db);
});
afterAll(() => test.drop());
beforeEach(async () => {
  for (const table of ["sales_outbox", "sales_messages", "sales_opt_outs", "notifications"] as const) {
    await test.db.deleteFrom(table).execute();
  }
  await test.db.deleteFrom("sales_dialogs").execute();
  await test.db.deleteFrom("sales_accounts").execute();
  h = await harness(test.db);
});
afterEach(() => h.close());

async function startDialog(username: string) {
  const result = await createSalesDialog(test.db, { username, createdBy: adminId, day: TODAY() });
  if (!result.ok) throw new Error(result.reason);
  return result.dialog.id;
}
const messagesOf = (dialogId: number) =>
  test.db.selectFrom("sales_messages").where("dialog_id", "=", dialogId).selectAll().orderBy("id").execute();
const statusOf = async (dialogId: number) => (await getSalesDialog(test.db, dialogId))?.status;

describe("dialog engine", () => {
  it("opens a dialog: resolves @username, sends an opener written from the current prompt, records version, model and tokens", async () => {
    await seedAccount(test.db, h.telegram, PHONE);
    h.telegram.addUser({ username: "wb_anna", firstName: "Анна" });
    const id = await startDialog("wb_anna");
    const engine = h.engine();

    await engine.tick();

    expect(h.telegram.deliveredTo("wb_anna").map((d) => d.text)).toEqual(["Здравствуйте! Как вы ловите слоты?"]);
    const [opener] = await messagesOf(id);
    expect(opener).toMatchObject({ direction: "out", author: "ai", prompt_version: 1, model: "gpt-test" });
    expect(opener?.prompt_tokens).toBeGreaterThan(0);
    expect(opener?.completion_tokens).toBeGreaterThan(0);
    expect(await statusOf(id)).toBe("contacted");
    const request = h.stub.requests[0];
    expect(request?.messages[0]?.content).toContain("Ты — менеджер Slotpilot");
    expect(request?.messages[0]?.content).toContain(REPLY_PROTOCOL.trim());
    expect(request?.messages.at(-1)?.content).toContain("opening message to Анна, @wb_anna");
  });

  it("answers a reply with the history, after a read receipt and typing; a qualified lead is announced to admins", async () => {
    await seedAccount(test.db, h.telegram, PHONE);
    h.telegram.addUser({ username: "wb_boris" });
    const id = await startDialog("wb_boris");
    const engine = h.engine({ pacing: { readDelayMs: () => 0, typingMs: () => 60, typingPulseMs: 20 } });
    await engine.tick();

    const incoming = h.telegram.userSays("wb_boris", PHONE, "Интересно, хочу попробовать");
    await waitFor(async () => (await messagesOf(id)).length === 2);
    expect(await statusOf(id)).toBe("replied");
    h.stub.enqueue({ content: "Отлично, подключим вас!\n[[QUALIFIED]]" });
    await engine.tick();

    expect(h.telegram.reads).toEqual([
      { phone: PHONE, userId: h.telegram.userByName("wb_boris")?.userId, maxMessageId: incoming.messageId },
    ]);
    expect(h.telegram.typing.filter((t) => t.on).length).toBeGreaterThanOrEqual(2);
    expect(h.telegram.deliveredTo("wb_boris").map((d) => d.text)).toEqual([
      "Здравствуйте! Как вы ловите слоты?",
      "Отлично, подключим вас!",
    ]);
    // The model saw the conversation: its opener and the prospect's answer.
    expect(h.stub.requests.at(-1)?.messages.slice(1)).toEqual([
      { role: "assistant", content: "Здравствуйте! Как вы ловите слоты?" },
      { role: "user", content: "Интересно, хочу попробовать" },
    ]);
    expect(await statusOf(id)).toBe("qualified");
    expect(await adminEvents(test.db)).toEqual([{ event: "lead_qualified", params: { id, username: "wb_boris" } }]);
  });

  it("sends the AI's holding reply when it asks for a human, then stays silent and forwards what the prospect writes", async () => {
    await seedAccount(test.db, h.telegram, PHONE);
    h.telegram.addUser({ username: "wb_oleg" });
    const id = await startDialog("wb_oleg");
    const engine = h.engine();
    await engine.tick();
    h.telegram.userSays("wb_oleg", PHONE, "Сколько стоит?");
    await waitFor(async () => (await messagesOf(id)).length === 2);
    h.stub.enqueue({ content: "Уточню у коллеги и вернусь сегодня.\n[[HUMAN]]" });
    await engine.tick();

    expect(
      h.telegram
        .deliveredTo("wb_oleg")
        .map((d) => d.text)
        .at(-1),
    ).toBe("Уточню у коллеги и вернусь сегодня.");
    expect(await statusOf(id)).toBe("handed_over");
    h.telegram.userSays("wb_oleg", PHONE, "Жду");
    await waitFor(async () => (await messagesOf(id)).length === 4);
    await engine.tick();
    expect(h.telegram.deliveredTo("wb_oleg")).toHaveLength(2);
    expect(await adminEvents(test.db)).toEqual([
      { event: "handed_over", params: { id, username: "wb_oleg" } },
      { event: "incoming_for_admin", params: { id, username: "wb_oleg", text: "Жду" } },
    ]);
  });

  it("drops a reply made stale by a newer message and answers both at once", async () => {
    await seedAccount(test.db, h.telegram, PHONE);
    h.telegram.addUser({ username: "wb_vera" });
    const id = await startDialog("wb_vera");
    // The prospect writes again at the moment the account starts "typing" its answer to the first message.
    let typed = false;
    const port: TelegramUserPort = {
      name: "typing-hook",
      beginLogin: (input) => h.telegram.beginLogin(input),
      async connect(account) {
        const client = await h.telegram.connect(account);
        return {
          ...client,
          identity: client.identity,
          async setTyping(peer, on) {
            await client.setTyping(peer, on);
            if (on && !typed && (await messagesOf(id)).length === 2) {
              typed = true;
              h.telegram.userSays("wb_vera", PHONE, "А сколько складов вы видите?");
              await waitFor(async () => (await messagesOf(id)).length === 3);
            }
          },
        };
      },
    };
    const engine = h.engine({ port, pacing: { readDelayMs: () => 0, typingMs: () => 50, typingPulseMs: 10 } });
    await engine.tick();
    h.telegram.userSays("wb_vera", PHONE, "Здравствуйте");
    await waitFor(async () => (await messagesOf(id)).length === 2);

    await engine.tick();
    expect(h.telegram.deliveredTo("wb_vera")).toHaveLength(1); // only the opener: the answer went stale
    await engine.tick();

    expect(h.telegram.deliveredTo("wb_vera")).toHaveLength(2);
    const last = h.stub.requests.at(-1)?.messages.slice(-2);
    expect(last).toEqual([
      { role: "user", content: "Здравствуйте" },
      { role: "user", content: "А сколько складов вы видите?" },
    ]);
    const cancelled = await test.db
      .selectFrom("sales_outbox")
      .where("status", "=", "cancelled")
      .select("last_error")
      .execute();
    expect(cancelled).toEqual([{ last_error: "a newer message arrived" }]);
  });

  it("closes the dialog for good on an opt-out phrase: no reply, never contacted again", async () => {
    await seedAccount(test.db, h.telegram, PHONE);
    h.telegram.addUser({ username: "wb_nina" });
    const id = await startDialog("wb_nina");
    const engine = h.engine();
    await engine.tick();
    h.telegram.userSays("wb_nina", PHONE, "Не пишите мне больше!");
    await waitFor(async () => (await statusOf(id)) === "closed");
    await engine.tick();

    expect(h.telegram.deliveredTo("wb_nina")).toHaveLength(1);
    expect((await getSalesDialog(test.db, id))?.close_reason).toBe("opted_out");
    expect(await createSalesDialog(test.db, { username: "WB_Nina", createdBy: adminId, day: TODAY() })).toEqual({
      ok: false,
      reason: "opted_out",
    });
    expect((await adminEvents(test.db)).map((e) => e.event)).toEqual(["dialog_opted_out"]);
  });

  it("closes a dialog whose username does not exist and tells admins", async () => {
    await seedAccount(test.db, h.telegram, PHONE);
    const id = await startDialog("nobody_here");
    await h.engine().tick();
    expect((await getSalesDialog(test.db, id))?.close_reason).toBe("not_found");
    expect((await adminEvents(test.db)).map((e) => e.event)).toEqual(["dialog_not_found"]);
  });

  it("sleeps off a short FloodWait, then sends", async () => {
    const accountId = await seedAccount(test.db, h.telegram, PHONE);
    h.telegram.addUser({ username: "wb_gleb" });
    await startDialog("wb_gleb");
    h.telegram.failNext(PHONE, "send", new TelegramUserError("flood_wait", "FLOOD_WAIT_1", { seconds: 1 }));
    const engine = h.engine();
    await engine.tick();

    expect(h.telegram.deliveredTo("wb_gleb")).toHaveLength(0);
    const account = await test.db
      .selectFrom("sales_accounts")
      .where("id", "=", accountId)
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(account.status).toBe("active");
    expect(account.sleep_until?.getTime()).toBeGreaterThan(Date.now());
    expect(await adminEvents(test.db)).toEqual([]);

    await new Promise((r) => setTimeout(r, 1100));
    await engine.tick();
    await engine.tick();
    expect(h.telegram.deliveredTo("wb_gleb")).toHaveLength(1);
  });

  it("pauses the account on a long FloodWait and tells admins", async () => {
    const accountId = await seedAccount(test.db, h.telegram, PHONE);
    h.telegram.addUser({ username: "wb_dina" });
    await startDialog("wb_dina");
    h.telegram.failNext(PHONE, "send", new TelegramUserError("flood_wait", "FLOOD_WAIT_3600", { seconds: 3600 }));
    const engine = h.engine({ longFloodWaitS: 600 });
    await engine.tick();

    const account = await test.db
      .selectFrom("sales_accounts")
      .where("id", "=", accountId)
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(account).toMatchObject({ status: "paused", pause_reason: "flood_wait" });
    expect(engine.connected).toEqual([]);
    expect(await adminEvents(test.db)).toEqual([
      { event: "account_flood_wait", params: { phone: PHONE, minutes: 60 } },
    ]);
  });

  it("pauses the account on PEER_FLOOD, tells admins, and moves dialogs not yet started to another account", async () => {
    const first = await seedAccount(test.db, h.telegram, PHONE);
    const second = await seedAccount(test.db, h.telegram, "+79990000002");
    h.telegram.addUser({ username: "wb_egor" });
    h.telegram.addUser({ username: "wb_fedor" });
    const a = await startDialog("wb_egor");
    const b = await startDialog("wb_fedor");
    expect((await getSalesDialog(test.db, b))?.account_id).toBe(first);
    h.telegram.failNext(PHONE, "send", new TelegramUserError("peer_flood", "PEER_FLOOD"));
    const engine = h.engine();
    await engine.tick();

    const paused = await test.db
      .selectFrom("sales_accounts")
      .where("id", "=", first)
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(paused).toMatchObject({ status: "paused", pause_reason: "peer_flood" });
    expect(await adminEvents(test.db)).toEqual([
      { event: "account_paused", params: { phone: PHONE, reason: "peer_flood", moved: 2 } },
    ]);
    expect((await getSalesDialog(test.db, a))?.account_id).toBe(second);
    expect((await getSalesDialog(test.db, b))?.account_id).toBe(second);

    // The other account re-resolves both users with its own access and writes to them.
    await engine.tick();
    await engine.tick();
    expect(h.telegram.deliveries.filter((d) => d.phone === "+79990000002")).toHaveLength(2);
    expect(h.telegram.deliveries.filter((d) => d.phone === PHONE)).toHaveLength(0);
  });

  it("pauses an account whose session was revoked and tells admins", async () => {
    const accountId = await seedAccount(test.db, h.telegram, PHONE);
    h.telegram.revokeSessions(PHONE);
    const engine = h.engine();
    await engine.tick();
    const account = await test.db
      .selectFrom("sales_accounts")
      .where("id", "=", accountId)
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(account).toMatchObject({ status: "paused", pause_reason: "session_revoked", lease_owner: null });
    expect((await adminEvents(test.db)).map((e) => e.event)).toEqual(["account_paused"]);
  });

  it("never sends a broken answer: retries, then hands the dialog to a human", async () => {
    await seedAccount(test.db, h.telegram, PHONE);
    h.telegram.addUser({ username: "wb_ilya" });
    const id = await startDialog("wb_ilya");
    const engine = h.engine({ maxLlmFailures: 3 });
    await engine.tick();
    h.telegram.userSays("wb_ilya", PHONE, "Расскажите подробнее");
    await waitFor(async () => (await messagesOf(id)).length === 2);
    h.stub.enqueue(
      { content: "Slotpilot следит за всеми склад", finishReason: "length" },
      { status: 500, message: "upstream exploded" },
      { content: "" },
    );
    for (let i = 0; i < 3; i++) await engine.tick();

    expect(h.telegram.deliveredTo("wb_ilya")).toHaveLength(1); // the opener only
    expect(await statusOf(id)).toBe("handed_over");
    expect((await adminEvents(test.db)).map((e) => e.event)).toEqual(["handed_over_llm"]);
  });

  it("stores a message that arrived while no engine ran (caught up on connect) and answers it", async () => {
    await seedAccount(test.db, h.telegram, PHONE);
    h.telegram.addUser({ username: "wb_kira" });
    const id = await startDialog("wb_kira");
    const first = h.engine();
    await first.tick();
    await first.stop();

    h.telegram.userSays("wb_kira", PHONE, "Добрый день, расскажите");
    const second = h.engine();
    await second.tick();
    await second.tick();
    expect((await messagesOf(id)).map((m) => m.direction)).toEqual(["out", "in", "out"]);
  });
});
