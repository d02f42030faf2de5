import { seedSalesAccount } from "@slotpilot/db/testing";
import { signInitData } from "@slotpilot/domain";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createTestApi, json, LIVE_BOT_TOKEN } from "../testing.ts";

let api: Awaited<ReturnType<typeof createTestApi>>;
beforeAll(async () => {
  // Live bot with MTProto credentials: the sales routes are on, talking to "real" Telegram (never reached here).
  api = await createTestApi(inject("pgAdminUrl"), {
    checkErrorDocs: true,
    mode: "live",
    env: {
      ADMIN_TELEGRAM_IDS: "9001",
      TELEGRAM_API_ID: "12345",
      TELEGRAM_API_HASH: "0123456789abcdef0123456789abcdef",
      OPENAI_BASE_URL: "http://127.0.0.1:9/v1",
    },
  });
});
afterAll(() => api.close());

function as(id: number, language_code = "en") {
  const authorization = `tma ${signInitData({ user: { id, first_name: "U", language_code } }, LIVE_BOT_TOKEN)}`;
  return (path: string, init: RequestInit = {}) =>
    api.app.request(path, { ...init, headers: { authorization, "content-type": "application/json", ...init.headers } });
}
const post = (body: unknown) => ({ method: "POST", body: JSON.stringify(body) });
const admin = as(9001);

const seedAccount = (phone: string) =>
  seedSalesAccount(api.db, api.deps.config.encryptionKey, { phone, session: "session" });

describe("admin sales API", () => {
  it("is refused to sellers, and changes nothing", async () => {
    const seller = as(1);
    for (const [path, init] of [
      ["/api/admin/sales/accounts", {}],
      ["/api/admin/sales/logins", post({ phone: "+79991234567" })],
      ["/api/admin/sales/dialogs", post({ username: "@somebody" })],
      ["/api/admin/sales/prompt", post({ text: "sell harder" })],
    ] as const) {
      const res = await seller(path, init);
      expect(res.status, path).toBe(403);
      expect((await json(res)).error.code).toBe("auth.forbidden");
    }
    expect(await api.db.selectFrom("sales_logins").selectAll().execute()).toEqual([]);
    expect((await json(await admin("/api/admin/sales/prompt"))).prompt.version).toBe(1);
  });

  it("explains bad input in the admin's language and stores nothing", async () => {
    const ru = as(9001, "ru");
    const phone = await ru("/api/admin/sales/logins", post({ phone: "12" }));
    expect(phone.status).toBe(400);
    expect((await json(phone)).error).toEqual({
      code: "sales.phone_invalid",
      message: "«12» — не номер телефона. Напишите в международном формате, например +79991234567.",
    });
    const proxy = await admin("/api/admin/sales/logins", post({ phone: "+79991234567", proxy: "http://x:1" }));
    expect((await json(proxy)).error.code).toBe("sales.proxy_invalid");
    const username = await admin("/api/admin/sales/dialogs", post({ username: "not a name" }));
    expect((await json(username)).error.code).toBe("sales.username_invalid");
    const noAccount = await admin("/api/admin/sales/dialogs", post({ username: "@wb_seller" }));
    expect(noAccount.status).toBe(409);
    expect((await json(noAccount)).error.code).toBe("sales.no_account");
    const prompt = await admin("/api/admin/sales/prompt", post({ text: "   " }));
    expect((await json(prompt)).error.code).toBe("sales.prompt_invalid");
    expect(await api.db.selectFrom("sales_logins").selectAll().execute()).toEqual([]);
    expect(await api.db.selectFrom("sales_dialogs").selectAll().execute()).toEqual([]);
  });

  it("walks a login through its states: code only when a code is expected, one login per phone", async () => {
    const created = await admin(
      "/api/admin/sales/logins",
      post({ phone: "+7 999 765-43-21", proxy: "socks5://u:p@10.1.1.1:1080" }),
    );
    expect(created.status).toBe(201);
    const { login } = await json(created);
    expect(login).toMatchObject({ phone: "+79997654321", status: "requested" });
    expect((await json(await admin("/api/admin/sales/logins", post({ phone: "+79997654321" })))).error.code).toBe(
      "sales.login_pending",
    );
    // The worker has not asked Telegram yet: a code is not expected.
    const early = await admin(`/api/admin/sales/logins/${login.id}/code`, post({ code: "1 2 3 4 5" }));
    expect(early.status).toBe(409);
    expect((await json(early)).error.code).toBe("sales.login_not_waiting");
    await api.db.updateTable("sales_logins").set({ status: "code_sent" }).execute();
    const badFormat = await admin(`/api/admin/sales/logins/${login.id}/code`, post({ code: "12" }));
    expect((await json(badFormat)).error.code).toBe("sales.code_format");
    const ok = await admin(`/api/admin/sales/logins/${login.id}/code`, post({ code: "1 2 3 4 5" }));
    expect((await json(ok)).login.status).toBe("code_submitted");
    const row = await api.db.selectFrom("sales_logins").selectAll().executeTakeFirstOrThrow();
    expect(row.code_sealed?.toString("latin1")).not.toContain("12345");
    expect(row.proxy_label).toBe("socks5 10.1.1.1:1080");
    expect((await json(await admin(`/api/admin/sales/logins/${login.id}`, { method: "DELETE" }))).login.status).toBe(
      "cancelled",
    );
  });

  it("starts, takes over, relays, hands back and stops a dialog; lists accounts with today's usage", async () => {
    await seedAccount("+79990001111");
    const started = await admin("/api/admin/sales/dialogs", post({ username: "https://t.me/wb_oleg" }));
    expect(started.status).toBe(201);
    const { dialog } = await json(started);
    expect(dialog).toMatchObject({ username: "wb_oleg", status: "new", accountPhone: "+79990001111" });
    expect((await json(await admin("/api/admin/sales/dialogs", post({ username: "@WB_OLEG" })))).error.code).toBe(
      "sales.dialog_exists",
    );

    // Nothing held yet: a relayed message has nowhere to go.
    expect((await json(await admin("/api/admin/sales/takeover/messages", post({ text: "hi" })))).error.code).toBe(
      "sales.no_takeover",
    );
    const taken = await json(await admin(`/api/admin/sales/dialogs/${dialog.id}/takeover`, { method: "POST" }));
    expect(taken.dialog).toMatchObject({ status: "handed_over", heldByAdmin: true });
    const relayed = await admin(
      "/api/admin/sales/takeover/messages",
      post({ text: "Добрый день, это Олег из Slotpilot" }),
    );
    expect(relayed.status).toBe(202);
    const queued = await api.db.selectFrom("sales_outbox").select(["kind", "text"]).execute();
    expect(queued).toEqual([{ kind: "admin", text: "Добрый день, это Олег из Slotpilot" }]);

    const back = await json(await admin(`/api/admin/sales/dialogs/${dialog.id}/handback`, { method: "POST" }));
    expect(back.dialog).toMatchObject({ status: "contacted", heldByAdmin: false });
    const stopped = await json(await admin(`/api/admin/sales/dialogs/${dialog.id}/stop`, { method: "POST" }));
    expect(stopped.dialog).toMatchObject({ status: "closed", closeReason: "stopped" });
    expect(
      (await json(await admin(`/api/admin/sales/dialogs/${dialog.id}/takeover`, { method: "POST" }))).error.code,
    ).toBe("sales.dialog_closed");

    const accounts = await json(await admin("/api/admin/sales/accounts"));
    expect(accounts).toMatchObject({
      mode: "live",
      limit: 20,
      accounts: [{ phone: "+79990001111", status: "active", messagesToday: 0 }],
    });
    const disabled = await json(
      await admin("/api/admin/sales/accounts", {
        method: "PATCH",
        body: JSON.stringify({ phone: "+79990001111", enabled: false }),
      }),
    );
    expect(disabled.account.status).toBe("disabled");
    const missing = await admin("/api/admin/sales/accounts", {
      method: "PATCH",
      body: JSON.stringify({ phone: "+70000000000", enabled: true }),
    });
    expect((await json(missing)).error.code).toBe("sales.account_not_found");
  });
});

describe("/api/me/settings", () => {
  it("stores the seller's call preferences and refuses bad ones in their language", async () => {
    const seller = as(4242, "ru");
    expect((await json(await seller("/api/me/settings"))).settings).toEqual({
      callOptIn: false,
      quietHours: null,
      dailyCallCap: 2,
    });
    const patch = (body: unknown) => seller("/api/me/settings", { method: "PATCH", body: JSON.stringify(body) });
    const saved = await json(
      await patch({ callOptIn: true, quietHours: { start: "23:00", end: "08:00" }, dailyCallCap: 3 }),
    );
    expect(saved.settings).toEqual({ callOptIn: true, quietHours: { start: "23:00", end: "08:00" }, dailyCallCap: 3 });

    const badHours = await patch({ quietHours: { start: "25:00", end: "08:00" } });
    expect(badHours.status).toBe(400);
    expect((await json(badHours)).error).toEqual({
      code: "settings.quiet_hours_invalid",
      message: "Тихие часы — два разных времени в виде 23:00 и 08:00.",
    });
    expect((await json(await patch({ dailyCallCap: 11 }))).error.code).toBe("settings.call_cap_invalid");
    expect((await json(await patch({ role: "admin" }))).error.code).toBe("request.invalid");
    expect((await json(await seller("/api/me/settings"))).settings).toEqual(saved.settings);
  });
});
