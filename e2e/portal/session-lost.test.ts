import { type AppEvent, listenEvents } from "@slotpilot/db";
import { silentLogger } from "@slotpilot/observability";
import type { PortalDriver } from "@slotpilot/portal";
import { OutboxNotifier, type TelegramNotifier } from "@slotpilot/workers";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { eventually, type SessionKit, sessionKit } from "./kit.ts";

let kit: SessionKit;
/** How many times the keeper opened the portal from a saved state (re-logins, reopenings). */
let opens = 0;

beforeAll(async () => {
  kit = await sessionKit(inject("pgAdminUrl"));
  const counting = (inner: PortalDriver): PortalDriver => ({
    ...inner,
    login: (page) => inner.login(page),
    open: async (page) => {
      opens += 1;
      return inner.open(page);
    },
  });
  // Checked every half second instead of hourly; re-logins 0.2 s, 0.4 s apart instead of 30 s, 60 s.
  await kit.keeper("worker-lost", { healthEveryMs: 500, reloginBaseMs: 200 }, { driver: counting });
});
afterAll(() => kit?.close());

const task = (organizationId: number, cabinetId: number, mode: "book" | "alert", supplyId: string) =>
  kit.db
    .insertInto("booking_tasks")
    .values({
      organization_id: organizationId,
      cabinet_id: cabinetId,
      supply_kind: "preorder",
      supply_id: supplyId,
      warehouse_ids: [507],
      box_type_id: 2,
      date_from: "2026-11-23",
      date_to: "2026-11-30",
      max_coefficient: 0,
      mode,
    })
    .returning("id")
    .executeTakeFirstOrThrow();

describe("a session expired on WB's side", () => {
  it("gets three re-logins from saved state, then pauses the book tasks and tells the seller and admins, with a way back in", async () => {
    const wb = kit.sandbox.control.createSeller({ cabinets: ["ИП Потерянный"] });
    const as = kit.as(9100, "ru");
    const created = await as("/api/cabinets", { method: "POST", body: { name: "Основной" } });
    const cabinetId: number = created.body.cabinet.id;
    await as(`/api/cabinets/${cabinetId}/login`, { method: "POST", body: { phone: wb.phone } });
    const active = await as(`/api/cabinets/${cabinetId}/login/code`, {
      method: "POST",
      body: { code: kit.sandbox.control.smsCode(wb.phone) },
    });
    expect(active.body.session.state).toBe("ACTIVE");
    const { organization_id: organizationId } = await kit.db
      .selectFrom("cabinets")
      .select("organization_id")
      .where("id", "=", cabinetId)
      .executeTakeFirstOrThrow();
    const book = await task(organizationId, cabinetId, "book", "30000001");
    const alert = await task(organizationId, cabinetId, "alert", "30000002");

    const events: AppEvent[] = [];
    const listener = await listenEvents(kit.api.url, (e) => {
      if (e.type === "portal.session" && e.cabinetId === cabinetId) events.push(e);
    });
    try {
      opens = 0;
      kit.sandbox.control.setFaults({ expireSessions: true });
      const lost = await eventually(
        async () => {
          const portal = (await as(`/api/cabinets/${cabinetId}`)).body.cabinet.portal;
          return portal.state === "ERROR" ? portal : undefined;
        },
        60_000,
        "the session to be given up",
      );
      expect(lost.error).toEqual({
        code: "portal.session_lost",
        message:
          "Wildberries завершил сессию портала, и восстановить её не удалось. Войдите снова, чтобы бронирование продолжилось.",
      });
      // Exactly three re-logins from the saved state, then it stopped trying.
      expect(opens).toBe(3);
      // Seen live: reconnecting (attempts 1 and 2 failed), then given up.
      await eventually(async () => events.some((e) => e.type === "portal.session" && e.state === "ERROR"), 10_000);
      expect(events.map((e) => (e.type === "portal.session" ? `${e.state}:${e.error}` : ""))).toEqual([
        "INITIALIZING:portal.session_lost",
        "ERROR:portal.session_lost",
      ]);
    } finally {
      await listener.close();
    }
    const reconnecting = await kit.db
      .selectFrom("portal_sessions")
      .select("relogin_attempts")
      .where("cabinet_id", "=", cabinetId)
      .executeTakeFirstOrThrow();
    expect(reconnecting.relogin_attempts).toBe(2);

    // The book task is paused with the reason; the alert task never needed the session.
    const tasks = await kit.db
      .selectFrom("booking_tasks")
      .select(["id", "status", "status_reason"])
      .orderBy("id")
      .execute();
    expect(tasks.filter((t) => t.id === book.id || t.id === alert.id)).toEqual([
      { id: book.id, status: "paused", status_reason: "portal_session_lost" },
      { id: alert.id, status: "active", status_reason: null },
    ]);

    // One message to the seller and one to the admin, through the outbox and its limiter.
    const rows = await kit.db
      .selectFrom("notifications")
      .select(["chat_id", "kind"])
      .where("kind", "=", "portal.session_lost")
      .orderBy("chat_id")
      .execute();
    expect(rows).toEqual([
      { chat_id: 9100, kind: "portal.session_lost" },
      { chat_id: 777000, kind: "portal.session_lost" },
    ]);
    const sent: { chatId: number; text: string; buttons: unknown }[] = [];
    const telegram: TelegramNotifier = {
      send: async (chatId, text, options) => {
        sent.push({ chatId, text, buttons: options?.replyMarkup?.inline_keyboard ?? null });
      },
    };
    const notifier = new OutboxNotifier({
      db: kit.db,
      telegram,
      log: silentLogger,
      publicUrl: "https://slotpilot.example",
    });
    expect((await notifier.drainOnce()).sent).toBe(2);
    const seller = sent.find((m) => m.chatId === 9100);
    expect(seller?.text).toBe(
      "Wildberries завершил сессию портала продавца для кабинета «Основной», и три попытки восстановить её из сохранённого состояния не удались.\n\n" +
        "Задач бронирования приостановлено до нового входа: 1.",
    );
    expect(seller?.buttons).toEqual([
      [{ text: "Войти снова", web_app: { url: `https://slotpilot.example/cabinets?login=${cabinetId}` } }],
    ]);
    const admin = sent.find((m) => m.chatId === 777000);
    expect(admin?.text).toMatch(
      /^Portal session lost: cabinet “Основной” \(#\d+, organization #\d+\); 1 booking task paused/,
    );
    expect(admin?.buttons).toBeNull();

    // The way back in: the seller taps, the Mini App starts a login with the phone used last time.
    const again = await as(`/api/cabinets/${cabinetId}/login`, { method: "POST", body: {} });
    expect(again.body.session).toMatchObject({ state: "WAITING_AUTH", waitingFor: "code" });
    const back = await as(`/api/cabinets/${cabinetId}/login/code`, {
      method: "POST",
      body: { code: kit.sandbox.control.smsCode(wb.phone) },
    });
    expect(back.body.session).toMatchObject({ state: "ACTIVE", error: null, reconnecting: null });
    const resumed = await kit.db
      .selectFrom("booking_tasks")
      .select(["status", "status_reason"])
      .where("id", "=", book.id)
      .executeTakeFirstOrThrow();
    expect(resumed).toEqual({ status: "active", status_reason: null });
  }, 120_000);

  it("a header token that lapsed on WB's side is renewed on the fly: the session carries on, no new login", async () => {
    const wb = kit.sandbox.control.createSeller();
    const as = kit.as(9200);
    const created = await as("/api/cabinets", { method: "POST", body: { name: "Другой" } });
    const cabinetId: number = created.body.cabinet.id;
    await as(`/api/cabinets/${cabinetId}/login`, { method: "POST", body: { phone: wb.phone } });
    await as(`/api/cabinets/${cabinetId}/login/code`, {
      method: "POST",
      body: { code: kit.sandbox.control.smsCode(wb.phone) },
    });
    // Six minutes pass on WB's clock: the page's `wb-seller-lk` (five minutes) is dead there.
    kit.sandbox.control.advance(6 * 60_000);
    const supplies = await as(`/api/supplies?cabinetId=${cabinetId}`);
    expect(supplies.status).toBe(200);
    expect(supplies.body.sources).toEqual({ preorders: "portal", drafts: "portal" });
    const portal = (await as(`/api/cabinets/${cabinetId}`)).body.cabinet.portal;
    expect(portal).toMatchObject({ state: "ACTIVE", error: null });
    expect(kit.sandbox.control.logins(wb.phone)).toBe(1);
  }, 60_000);
});
