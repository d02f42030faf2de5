import { createSalesLogin, getSalesLogin, submitSalesLoginSecret } from "@slotpilot/db";
import { createTestDatabase, type TestDatabase } from "@slotpilot/db/testing";
import { sql } from "kysely";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { ADMIN_TELEGRAM_ID, adminEvents, type Harness, harness, KEY, seedAdmin } from "./test-kit.ts";

let test: TestDatabase;
let h: Harness;
let adminId: number;
const PHONE = "+79990000005";

beforeAll(async () => {
  test = await createTestDatabase(inject("pgAdminUrl"));
  adminId = await seedAdmin(test.db);
});
afterAll(() => test.drop());
beforeEach(async () => {
  await test.db.deleteFrom("notifications").execute();
  await test.db.deleteFrom("sales_logins").execute();
  await test.db.deleteFrom("sales_accounts").execute();
  h = await harness(test.db);
  h.telegram.addAccount({ phone: PHONE, username: "sales_five", password: "correct horse" });
});
afterEach(() => h.close());

const start = (proxyUrl: string | null = null) =>
  createSalesLogin(test.db, KEY, {
    phone: PHONE,
    requestedBy: adminId,
    chatId: ADMIN_TELEGRAM_ID,
    proxyUrl,
    proxyLabel: proxyUrl ? "socks5 127.0.0.1:1080" : null,
  });

describe("/add_account logins", () => {
  it("requests the code, takes a wrong code, the right one, the 2FA password, and adds the account", async () => {
    const created = await start("socks5://user:secret@127.0.0.1:1080");
    if (!created.ok) throw new Error(created.reason);
    const id = created.login.id;
    const engine = h.engine();

    await engine.tick();
    expect((await getSalesLogin(test.db, id))?.status).toBe("code_sent");
    expect(h.telegram.logins).toEqual([
      { phone: PHONE, deviceModel: expect.any(String), proxy: "socks5 127.0.0.1:1080" },
    ]);

    await submitSalesLoginSecret(test.db, KEY, id, "code", "11111");
    await engine.tick();
    expect(await getSalesLogin(test.db, id)).toMatchObject({ status: "code_sent", error: "code_invalid" });

    await submitSalesLoginSecret(test.db, KEY, id, "code", "12345");
    await engine.tick();
    expect(await getSalesLogin(test.db, id)).toMatchObject({ status: "password_needed", passwordHint: "demo" });

    // A password offered while a code is expected (or the reverse) is refused and changes nothing.
    expect((await submitSalesLoginSecret(test.db, KEY, id, "code", "12345"))?.accepted).toBe(false);
    await submitSalesLoginSecret(test.db, KEY, id, "password", "correct horse");
    await engine.tick();

    const login = await getSalesLogin(test.db, id);
    expect(login?.status).toBe("done");
    const account = await test.db.selectFrom("sales_accounts").selectAll().executeTakeFirstOrThrow();
    expect(account).toMatchObject({
      phone: PHONE,
      username: "sales_five",
      status: "active",
      proxy_label: "socks5 127.0.0.1:1080",
    });
    // Secrets are sealed: neither the session nor the proxy password is stored in the clear.
    expect(account.session_sealed.toString("latin1")).not.toContain("sim:");
    expect(account.proxy_sealed?.toString("latin1")).not.toContain("secret");
    const loginRow = await test.db.selectFrom("sales_logins").selectAll().executeTakeFirstOrThrow();
    expect([loginRow.code_sealed, loginRow.password_sealed, loginRow.proxy_sealed]).toEqual([null, null, null]);

    expect((await adminEvents(test.db)).map((e) => e.event)).toEqual([
      "login_code_sent_app",
      "login_code_invalid",
      "login_password_needed",
      "login_done",
    ]);
    await engine.tick();
    expect(engine.connected).toEqual([account.id]);
  });

  it("expires a login the admin did not finish, closing its client", async () => {
    const created = await start();
    if (!created.ok) throw new Error(created.reason);
    const engine = h.engine();
    await engine.tick();
    await test.db.updateTable("sales_logins").set({ expires_at: sql<Date>`now() - interval '1 second'` }).execute();
    await engine.tick();
    expect((await getSalesLogin(test.db, created.login.id))?.status).toBe("expired");
    expect((await adminEvents(test.db)).map((e) => e.event)).toEqual(["login_code_sent_app", "login_expired"]);
  });

  it("fails a login whose worker died holding its client, and refuses a second login for the same phone meanwhile", async () => {
    const created = await start();
    if (!created.ok) throw new Error(created.reason);
    expect(await start()).toEqual({ ok: false, reason: "login_pending" });
    await test.db
      .updateTable("sales_logins")
      .set({ status: "code_sent", worker_owner: "a-dead-worker", updated_at: sql<Date>`now() - interval '5 minutes'` })
      .execute();
    await h.engine().tick();
    expect(await getSalesLogin(test.db, created.login.id)).toMatchObject({ status: "failed", error: "interrupted" });
  });
});
