import { signInitData } from "@slotpilot/domain";
import { createLogger } from "@slotpilot/observability";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createTestApi, json, LIVE_BOT_TOKEN } from "../testing.ts";

let api: Awaited<ReturnType<typeof createTestApi>>;
beforeAll(async () => {
  api = await createTestApi(inject("pgAdminUrl"), { checkErrorDocs: true, mode: "live" });
});
afterAll(() => api.close());

const anna = { id: 5001, first_name: "Анна", username: "anna_wb", language_code: "ru" };
const me = (authorization?: string) => api.app.request("/api/me", authorization ? { headers: { authorization } } : {});
const errorCode = async (res: Response) => ((await json(res)) as { error: { code: string } }).error.code;

describe("Telegram initData auth", () => {
  it("accepts initData signed with the bot token and creates the user with an organization on first sight", async () => {
    const res = await me(`tma ${signInitData({ user: anna }, LIVE_BOT_TOKEN)}`);
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body.user).toMatchObject({ telegramId: 5001, firstName: "Анна", username: "anna_wb", role: "seller" });
    expect(body.organization.name).toBe("Анна");
    expect(body.locale).toBe("ru");

    // A second visit is the same user, not a new one, and the welcome job was queued once.
    await me(`tma ${signInitData({ user: anna }, LIVE_BOT_TOKEN)}`);
    const users = await api.db.selectFrom("users").where("telegram_id", "=", 5001).selectAll().execute();
    expect(users).toHaveLength(1);
    const jobs = await sql<{
      n: number;
    }>`select count(*)::int as n from pgboss.job where name = 'user.registered.v1'`.execute(api.db);
    expect(jobs.rows[0]?.n).toBe(1);
  });

  it("refreshes a changed profile", async () => {
    await me(`tma ${signInitData({ user: { ...anna, first_name: "Анна-Мария" } }, LIVE_BOT_TOKEN)}`);
    const user = await api.db.selectFrom("users").where("telegram_id", "=", 5001).selectAll().executeTakeFirst();
    expect(user?.first_name).toBe("Анна-Мария");
  });

  it("rejects a missing header with auth.missing", async () => {
    const res = await me();
    expect(res.status).toBe(401);
    expect(await errorCode(res)).toBe("auth.missing");
  });

  it("rejects a forged hash with auth.invalid", async () => {
    const forged = signInitData({ user: anna }, LIVE_BOT_TOKEN).replace(/hash=[0-9a-f]{4}/, "hash=0000");
    const res = await me(`tma ${forged}`);
    expect(res.status).toBe(401);
    expect(await errorCode(res)).toBe("auth.invalid");
  });

  it("rejects initData signed with another bot's token", async () => {
    const res = await me(`tma ${signInitData({ user: anna }, "7000000002:OTHERtokenOTHERtokenOTHERtokenOTHER")}`);
    expect(res.status).toBe(401);
    expect(await errorCode(res)).toBe("auth.invalid");
  });

  it("rejects initData older than an hour with auth.expired, in the caller's language", async () => {
    const old = signInitData({ user: anna, authDate: new Date(Date.now() - 3_700_000) }, LIVE_BOT_TOKEN);
    const res = await api.app.request("/api/me", {
      headers: { authorization: `tma ${old}`, "accept-language": "ru-RU,ru;q=0.9" },
    });
    expect(res.status).toBe(401);
    const body = await json(res);
    expect(body.error.code).toBe("auth.expired");
    expect(body.error.message).toMatch(/Сессия истекла/);
  });

  it("never lets a rejected request create a user", async () => {
    const stranger = { id: 6666, first_name: "Mallory" };
    await me(`tma ${signInitData({ user: stranger }, "7000000002:OTHERtokenOTHERtokenOTHERtokenOTHER")}`);
    const found = await api.db.selectFrom("users").where("telegram_id", "=", 6666).selectAll().execute();
    expect(found).toEqual([]);
  });

  it("logs a refused signature for the operator — its kind and path, never what was sent — once for a burst", async () => {
    const lines: string[] = [];
    const logged = await createTestApi(inject("pgAdminUrl"), {
      mode: "live",
      log: createLogger({ write: (line) => lines.push(line) }),
    });
    try {
      const forged = `tma ${signInitData({ user: anna }, "123:not-our-bot-token")}`;
      for (let i = 0; i < 5; i++) {
        const res = await logged.app.request("/api/me", { headers: { authorization: forged } });
        expect(res.status).toBe(401);
      }
      const refused = lines.map((l) => JSON.parse(l)).filter((l) => l.msg.startsWith("api: sign-in refused"));
      expect(refused).toEqual([
        expect.objectContaining({ msg: "api: sign-in refused (auth.invalid)", path: "/api/me" }),
      ]);
      expect(lines.join("\n")).not.toContain(forged.slice(4, 40));
      expect(lines.join("\n")).not.toContain("hash=");
    } finally {
      await logged.close();
    }
  });
});
