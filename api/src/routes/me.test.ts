import { signInitData } from "@slotpilot/domain";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createTestApi, json, LIVE_BOT_TOKEN } from "../testing.ts";

let api: Awaited<ReturnType<typeof createTestApi>>;
beforeAll(async () => {
  api = await createTestApi(inject("pgAdminUrl"), {
    checkErrorDocs: true,
    mode: "live",
    env: { ADMIN_TELEGRAM_IDS: "9001" },
  });
});
afterAll(() => api.close());

function as(user: { id: number; first_name: string; language_code?: string }) {
  const authorization = `tma ${signInitData({ user }, LIVE_BOT_TOKEN)}`;
  return (path: string, init: RequestInit = {}) =>
    api.app.request(path, { ...init, headers: { authorization, "content-type": "application/json", ...init.headers } });
}

describe("/api/me", () => {
  it("follows the Telegram language until the user chooses one, then keeps the choice", async () => {
    const boris = as({ id: 7001, first_name: "Boris", language_code: "ru" });
    expect((await json(await boris("/api/me"))).locale).toBe("ru");

    const res = await boris("/api/me", { method: "PATCH", body: JSON.stringify({ locale: "en" }) });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ locale: "en", user: { localeChosen: true } });
    expect((await json(await boris("/api/me"))).locale).toBe("en");
  });

  it("rejects an unknown locale with a clear localized 400 and changes nothing", async () => {
    const vera = as({ id: 7002, first_name: "Вера", language_code: "ru" });
    const before = await json(await vera("/api/me"));
    const res = await vera("/api/me", { method: "PATCH", body: JSON.stringify({ locale: "de" }) });
    expect(res.status).toBe(400);
    const body = await json(res);
    expect(body.error.code).toBe("locale.unsupported");
    expect(body.error.message).toBe("Язык «de» не поддерживается. Выберите один из: ru, en.");
    expect(await json(await vera("/api/me"))).toEqual(before);
  });

  it("rejects malformed bodies, naming each bad field in the caller's language", async () => {
    const vera = as({ id: 7002, first_name: "Вера", language_code: "ru" });
    const broken = await vera("/api/me", { method: "PATCH", body: "{not json" });
    expect(broken.status).toBe(400);
    expect((await json(broken)).error).toEqual({
      code: "request.malformed",
      message: "Тело запроса — не корректный JSON.",
    });
    const cases: [string, { field: string; code: string; message: string }[]][] = [
      [JSON.stringify({}), [{ field: "locale", code: "required", message: "Обязательное поле." }]],
      [
        JSON.stringify({ locale: "en", role: "admin" }),
        [{ field: "role", code: "unknown_field", message: "Неизвестное поле." }],
      ],
    ];
    for (const [body, fields] of cases) {
      const res = await vera("/api/me", { method: "PATCH", body });
      expect(res.status, body).toBe(400);
      const { error } = await json(res);
      expect(error.code).toBe("request.invalid");
      expect(error.fields).toEqual(fields);
      expect(error.message).toBe(`Проверьте поле «${fields[0]?.field}»: ${fields[0]?.message}`);
    }
    expect((await json(await vera("/api/me"))).user.role).toBe("seller");
  });

  it("makes the configured Telegram ids admins", async () => {
    const admin = as({ id: 9001, first_name: "Admin" });
    expect((await json(await admin("/api/me"))).user.role).toBe("admin");
  });

  it("answers unknown API paths with a JSON 404", async () => {
    const res = await as({ id: 7003, first_name: "X" })("/api/nope");
    expect(res.status).toBe(404);
    expect((await json(res)).error.code).toBe("route.not_found");
  });

  it("answers a known API path called with a method it does not take with a 405 naming those it takes", async () => {
    const seller = as({ id: 7004, first_name: "Y", language_code: "ru" });
    const put = await seller("/api/tasks", { method: "PUT", body: "{}" });
    expect(put.status).toBe(405);
    expect(put.headers.get("allow")).toBe("GET, POST");
    expect((await json(put)).error).toMatchObject({
      code: "route.method_not_allowed",
      message: "Этот адрес не принимает PUT; он принимает GET, POST.",
    });
    const post = await seller("/api/tasks/12", { method: "POST", body: "{}" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")?.split(", ").sort()).toEqual(["DELETE", "GET", "PATCH"]);
    // Nothing there at all is still a 404.
    expect((await seller("/api/tasks/12/nope", { method: "POST", body: "{}" })).status).toBe(404);
  });
});
