import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createTestApi, json } from "../testing.ts";

let demo: Awaited<ReturnType<typeof createTestApi>>;
let live: Awaited<ReturnType<typeof createTestApi>>;
beforeAll(async () => {
  [demo, live] = await Promise.all([
    createTestApi(inject("pgAdminUrl"), { mode: "demo" }),
    createTestApi(inject("pgAdminUrl"), { mode: "live" }),
  ]);
});
afterAll(async () => {
  await Promise.all([demo.close(), live.close()]);
});

const post = (app: typeof demo.app, body: unknown) =>
  app.request("/dev/session", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

describe("POST /dev/session", () => {
  it("in demo mode returns initData the API accepts", async () => {
    const res = await post(demo.app, { telegramId: 42, firstName: "Demo", languageCode: "ru" });
    expect(res.status).toBe(200);
    const { initData } = await json(res);
    const me = await demo.app.request("/api/me", { headers: { authorization: `tma ${initData}` } });
    expect(me.status).toBe(200);
    expect((await json(me)).user).toMatchObject({ telegramId: 42, firstName: "Demo" });
  });

  it("rejects bad input in demo mode, a NUL in a name included", async () => {
    const res = await post(demo.app, { telegramId: -1 });
    expect(res.status).toBe(400);
    expect((await json(res)).error.code).toBe("request.invalid");
    const nul = await post(demo.app, { telegramId: 43, firstName: "a\u0000b" });
    expect(nul.status).toBe(400);
    expect((await json(nul)).error.fields).toEqual([
      { field: "firstName", code: "no_control_chars", message: "Must not contain control characters." },
    ]);
    expect(await demo.db.selectFrom("users").where("telegram_id", "=", 43).selectAll().execute()).toEqual([]);
  });

  it("does not exist outside demo mode", async () => {
    const res = await post(live.app, {});
    expect(res.status).toBe(404);
  });
});
