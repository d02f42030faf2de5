import { createSalesDialog } from "@slotpilot/db";
import { createTestDatabase, type TestDatabase } from "@slotpilot/db/testing";
import { localDay } from "@slotpilot/domain";
import type { TelegramUserPort, UserClient } from "@slotpilot/telegram-user";
import { sql } from "kysely";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { type Harness, harness, seedAccount, seedAdmin, waitFor } from "./test-kit.ts";

let test: TestDatabase;
let h: Harness;
let adminId: number;
const PHONE = "+79990000001";

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

/**
 * The simulated Telegram, but a process that "dies" the instant Telegram accepted a message: the
 * send goes out and the call never returns, so nothing of it is recorded.
 */
function dyingAfterSend(port: TelegramUserPort, onSent: () => void): TelegramUserPort {
  return {
    name: "dying",
    beginLogin: (input) => port.beginLogin(input),
    async connect(account) {
      const client = await port.connect(account);
      const dying: UserClient = {
        ...client,
        identity: client.identity,
        async sendMessage(peer, text, randomId) {
          await client.sendMessage(peer, text, randomId);
          onSent();
          return new Promise(() => {});
        },
      };
      return dying;
    },
  };
}

/** The dead worker's lease expires (instead of waiting its minute out). */
const leaseRunsOut = () =>
  test.db.updateTable("sales_accounts").set({ lease_expires_at: sql<Date>`now() - interval '1 second'` }).execute();

const outgoing = (dialogId: number) =>
  test.db
    .selectFrom("sales_messages")
    .where("dialog_id", "=", dialogId)
    .where("direction", "=", "out")
    .select("content")
    .execute();

describe("restarts", () => {
  it("a worker killed mid-reply (after Telegram took the message, before it was recorded) → the reply is sent once", async () => {
    await seedAccount(test.db, h.telegram, PHONE);
    h.telegram.addUser({ username: "wb_lena" });
    const created = await createSalesDialog(test.db, {
      username: "wb_lena",
      createdBy: adminId,
      day: localDay(new Date(), "Europe/Moscow"),
    });
    if (!created.ok) throw new Error(created.reason);
    const id = created.dialog.id;
    const before = h.engine();
    await before.tick(); // the opener, sent normally
    await before.stop();
    h.telegram.userSays("wb_lena", PHONE, "Здравствуйте, расскажите");

    let sent = false;
    const doomed = h.engine({
      port: dyingAfterSend(h.telegram, () => {
        sent = true;
      }),
    });
    h.stub.enqueue({ content: "Конечно! Slotpilot бронирует слоты за секунды." });
    void doomed.tick();
    await waitFor(() => sent);
    await doomed.abandon(); // the process is gone: nothing after the send was written

    const row = await test.db
      .selectFrom("sales_outbox")
      .where("kind", "=", "reply")
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(row.status).toBe("sending");
    expect(h.telegram.deliveredTo("wb_lena")).toHaveLength(2);

    await leaseRunsOut();
    const next = h.engine();
    await next.tick();

    expect(h.telegram.deliveredTo("wb_lena").map((d) => d.text)).toEqual([
      "Здравствуйте! Как вы ловите слоты?",
      "Конечно! Slotpilot бронирует слоты за секунды.",
    ]);
    expect((await outgoing(id)).map((m) => m.content)).toEqual([
      "Здравствуйте! Как вы ловите слоты?",
      "Конечно! Slotpilot бронирует слоты за секунды.",
    ]);
    const settled = await test.db
      .selectFrom("sales_outbox")
      .where("id", "=", row.id)
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(settled.status).toBe("sent");
    // Nothing more goes out on later passes.
    await next.tick();
    expect(h.telegram.deliveredTo("wb_lena")).toHaveLength(2);
  });

  it("a worker killed while the model was thinking → the next one answers, once", async () => {
    await seedAccount(test.db, h.telegram, PHONE);
    h.telegram.addUser({ username: "wb_mark" });
    const created = await createSalesDialog(test.db, {
      username: "wb_mark",
      createdBy: adminId,
      day: localDay(new Date(), "Europe/Moscow"),
    });
    if (!created.ok) throw new Error(created.reason);
    const before = h.engine();
    await before.tick();
    await before.stop();
    h.telegram.userSays("wb_mark", PHONE, "Что это?");

    const doomed = h.engine();
    h.stub.enqueue({ hang: true });
    void doomed.tick();
    await waitFor(() => h.stub.requests.length === 2);
    await doomed.abandon();
    await leaseRunsOut();

    await h.engine().tick();
    expect(h.telegram.deliveredTo("wb_mark")).toHaveLength(2);
    expect(await outgoing(created.dialog.id)).toHaveLength(2);
  });

  it("one account never runs in two processes at once", async () => {
    await seedAccount(test.db, h.telegram, PHONE);
    const a = h.engine({ leaseTtlMs: 5000 });
    const b = h.engine({ leaseTtlMs: 5000 });
    await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()]);
    expect([...a.connected, ...b.connected]).toHaveLength(1);

    // The holder stops cleanly: the other takes over on its next pass, with no AUTH_KEY_DUPLICATED.
    const [holder, other] = a.connected.length === 1 ? [a, b] : [b, a];
    await holder.stop();
    await other.tick();
    expect(other.connected).toHaveLength(1);
    const account = await test.db.selectFrom("sales_accounts").selectAll().executeTakeFirstOrThrow();
    expect(account).toMatchObject({ status: "active", lease_owner: other.owner });
  });
});
