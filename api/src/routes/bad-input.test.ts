import { request } from "node:http";
import { type AppEvent, listenEvents } from "@slotpilot/db";
import { signInitData } from "@slotpilot/domain";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { json, LIVE_BOT_TOKEN } from "../testing.ts";
import { sellerTestKit, TEST_NOW } from "./seller-test-kit.ts";

/**
 * Each case here answered 500 (or worse, quietly did the wrong thing) before the hardening issue:
 * bad input gets a clear 4xx in the caller's language and changes nothing.
 */
let kit: Awaited<ReturnType<typeof sellerTestKit>>;
let cabinetId: number;
let taskId: number;
let seller: ReturnType<typeof kit.as>;
let raw: ReturnType<typeof kit.raw>;

beforeAll(async () => {
  kit = await sellerTestKit(inject("pgAdminUrl"));
  seller = kit.as(4001);
  raw = kit.raw(4001);
  const cabinet = await seller("/api/cabinets", {
    method: "POST",
    body: { name: "Main", apiToken: kit.tokens.personal },
  });
  cabinetId = (await json(cabinet)).cabinet.id;
  const task = await seller("/api/tasks", {
    method: "POST",
    body: {
      cabinetId,
      supply: { kind: "draft", draftId: "d-1", warehouseIds: [507] },
      boxTypeId: 2,
      dateFrom: "2026-11-23",
      dateTo: "2026-11-30",
      maxCoefficient: 0,
      mode: "alert",
    },
  });
  taskId = (await json(task)).task.id;
});
afterAll(() => kit.close());

const snapshot = async () => ({
  cabinets: await kit.api.db.selectFrom("cabinets").selectAll().orderBy("id").execute(),
  tasks: await kit.api.db.selectFrom("booking_tasks").selectAll().orderBy("id").execute(),
});

const draftTask = (over: Record<string, unknown>) => ({
  cabinetId,
  supply: { kind: "draft", draftId: "d-2", warehouseIds: [507] },
  boxTypeId: 2,
  dateFrom: "2026-11-23",
  dateTo: "2026-11-30",
  maxCoefficient: 0,
  mode: "alert",
  ...over,
});

describe("bad input", () => {
  it("refuses numbers past their column, naming the field", async () => {
    const before = await snapshot();
    const res = await seller("/api/tasks", {
      method: "POST",
      body: draftTask({ supply: { kind: "draft", draftId: "d-2", warehouseIds: [2147483648] } }),
    });
    expect(res.status).toBe(400);
    const { error } = await json(res);
    expect(error.fields).toEqual([
      { field: "supply.warehouseIds.0", code: "too_big", message: "Must be at most 2,147,483,647." },
    ]);
    expect(await snapshot()).toEqual(before);
  });

  it.each([
    ["a cabinet name", "/api/cabinets", "POST", { name: "a\u0000b", apiToken: "x".repeat(40) }, "name"],
    [
      "a draft id",
      "/api/tasks",
      "POST",
      draftTask({ supply: { kind: "draft", draftId: "d\u0000", warehouseIds: [507] } }),
      "supply.draftId",
    ],
    ["a pause reason", "/api/tasks/:task", "PATCH", { status: "paused", statusReason: "wait\u0000" }, "statusReason"],
    ["a renamed cabinet", "/api/cabinets/:cabinet", "PATCH", { name: "x\u0007" }, "name"],
  ])("refuses a NUL or other control character in %s", async (_what, path, method, body, field) => {
    const before = await snapshot();
    const url = path.replace(":task", String(taskId)).replace(":cabinet", String(cabinetId));
    const res = await kit.as(4001, "ru")(url, { method, body });
    expect(res.status).toBe(400);
    expect((await json(res)).error.fields).toContainEqual({
      field,
      code: "no_control_chars",
      message: "Не должно содержать управляющих символов.",
    });
    expect(await snapshot()).toEqual(before);
  });

  it("signs in a Telegram user whose name holds NUL, keeping the name without it", async () => {
    const initData = signInitData({ user: { id: 4002, first_name: "a\u0000b" }, authDate: TEST_NOW }, LIVE_BOT_TOKEN);
    const me = () => kit.api.app.request("/api/me", { headers: { authorization: `tma ${initData}` } });
    expect((await json(await me())).user.firstName).toBe("ab");
    // And every later request of that user works too.
    expect((await me()).status).toBe(200);
  });

  it.each([
    ["non-ASCII letters", "eyJhbGciOiJFUzI1NiJ9.абвгдежзийклмнопрстуфхцчшщ"],
    ["a line break", "eyJhbGciOiJFUzI1NiJ9.\r\nabcdefghijklmnopqrstuvwxyz"],
    ["NUL", "eyJhbGciOiJFUzI1NiJ9.abc\u0000defghijklmnopqrstuvwxyz"],
  ])("refuses an API token with %s as an invalid token, not as WB being down", async (_what, apiToken) => {
    const before = await snapshot();
    const res = await seller("/api/cabinets", { method: "POST", body: { name: "Typo", apiToken } });
    expect(res.status).toBe(400);
    expect((await json(res)).error.code).toBe("cabinet.token_invalid");
    expect(await snapshot()).toEqual(before);
  });

  it("answers a body that is not JSON with 415 and changes nothing, announcing nothing", async () => {
    const before = await snapshot();
    const events: AppEvent[] = [];
    const listener = await listenEvents(kit.api.deps.config.db.url ?? "", (e) => events.push(e));
    try {
      const res = await raw(`/api/tasks/${taskId}`, {
        method: "PATCH",
        body: JSON.stringify({ maxCoefficient: 5 }),
        headers: { "content-type": "text/plain" },
      });
      expect(res.status).toBe(415);
      expect((await json(res)).error.code).toBe("request.unsupported_media_type");
      // An empty patch is fine, and does nothing at all.
      const empty = await seller(`/api/tasks/${taskId}`, { method: "PATCH", body: {} });
      expect(empty.status).toBe(200);
      const emptyCabinet = await seller(`/api/cabinets/${cabinetId}`, { method: "PATCH", body: {} });
      expect(emptyCabinet.status).toBe(200);
      await new Promise((r) => setTimeout(r, 300));
    } finally {
      await listener.close();
    }
    expect(await snapshot()).toEqual(before);
    expect(events).toEqual([]);
  });

  it.each(["0x1", "1e0", "+1", "01", "0b1", "%201", "1.0", "-1", "99999999999999999999"])(
    "takes only plain decimal ids: %s is not an id",
    async (id) => {
      const before = await snapshot();
      const realId = String(taskId);
      const spelled = id.replace(/1/, realId);
      const res = await seller(`/api/tasks/${spelled}`, { method: "DELETE" });
      expect(res.status).toBe(400);
      expect((await json(res)).error.fields[0]).toMatchObject({ field: "id", code: "decimal_id" });
      expect(await snapshot()).toEqual(before);
    },
  );

  it("refuses a big body with 413 before reading it, even unauthenticated", async () => {
    const big = JSON.stringify({ name: "x".repeat(100_000), apiToken: "y".repeat(40) });
    const res = await seller("/api/cabinets", { method: "POST", body: JSON.parse(big) });
    expect(res.status).toBe(413);
    expect((await json(res)).error.code).toBe("request.too_large");
    const anonymous = await kit.api.app.request("/api/cabinets", {
      method: "POST",
      body: big,
      headers: { "content-type": "application/json" },
    });
    expect(anonymous.status).toBe(413);
  });

  it("says a body is too large in the language of the signed-in user's Telegram, as every other error", async () => {
    // The size is judged before sign-in; the initData's language_code still chooses the words.
    const russian = kit.as(4001, "ru");
    const big = { name: "x".repeat(100_000), apiToken: "y".repeat(40) };
    const tooLarge = await russian("/api/cabinets", { method: "POST", body: big });
    expect(tooLarge.status).toBe(413);
    expect((await json(tooLarge)).error).toEqual({ code: "request.too_large", message: "Запрос слишком большой." });
    const invalid = await russian("/api/cabinets", { method: "POST", body: { name: "" } });
    expect((await json(invalid)).error.message).toMatch(/^Проверьте поле «name»/);
    // No initData: the Accept-Language header speaks.
    const anonymous = await kit.api.app.request("/api/cabinets", {
      method: "POST",
      body: JSON.stringify(big),
      headers: { "content-type": "application/json", "accept-language": "ru-RU,ru;q=0.9" },
    });
    expect((await json(anonymous)).error.message).toBe("Запрос слишком большой.");
  });

  it("answers headers too large for the server with 431 and the usual error body, in the caller's language", async () => {
    const base = await kit.api.listen();
    const res = await new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
      const req = request(
        `${base}/api/me`,
        { headers: { "accept-language": "ru", "x-padding": "p".repeat(32 * 1024) } },
        (r) => {
          let body = "";
          r.setEncoding("utf8");
          r.on("data", (chunk: string) => {
            body += chunk;
          });
          r.on("end", () => resolve({ status: r.statusCode ?? 0, type: String(r.headers["content-type"]), body }));
        },
      );
      req.on("error", reject);
      req.end();
    });
    expect(res.status).toBe(431);
    expect(res.type).toMatch(/^application\/json/);
    expect(JSON.parse(res.body)).toEqual({
      error: { code: "request.headers_too_large", message: "Заголовки запроса слишком большие." },
    });
  });

  it("says a request body that is not an object must be a JSON object, naming no internal field", async () => {
    const before = await snapshot();
    for (const body of [[], "x", null, 5]) {
      const res = await seller("/api/tasks", { method: "POST", body });
      expect(res.status).toBe(400);
      expect((await json(res)).error).toEqual({
        code: "request.body_not_object",
        message: "The request body must be a JSON object.",
      });
    }
    const ru = await kit.as(4001, "ru")(`/api/tasks/${taskId}`, { method: "PATCH", body: [] });
    expect((await json(ru)).error.message).toBe("Тело запроса должно быть JSON-объектом.");
    expect(await snapshot()).toEqual(before);
  });

  it.each([
    ["2026-02-31", "no_such_day", "There is no such date.", "Такой даты нет."],
    ["2026-13-01", "no_such_day", "There is no such date.", "Такой даты нет."],
    ["31.12.2026", "calendar_day", "Must be a date written as YYYY-MM-DD.", "Дата в виде ГГГГ-ММ-ДД."],
    ["2026-1-5", "calendar_day", "Must be a date written as YYYY-MM-DD.", "Дата в виде ГГГГ-ММ-ДД."],
  ])("tells a date that does not exist from one written wrong: %s", async (dateFrom, code, en, ru) => {
    const before = await snapshot();
    for (const [locale, message] of [
      ["en", en],
      ["ru", ru],
    ] as const) {
      const res = await kit.as(4001, locale)("/api/tasks", { method: "POST", body: draftTask({ dateFrom }) });
      expect(res.status).toBe(400);
      expect((await json(res)).error.fields).toEqual([{ field: "dateFrom", code, message }]);
    }
    expect(await snapshot()).toEqual(before);
  });

  it("says an empty support message must not be empty", async () => {
    for (const [locale, message] of [
      ["en", "Must not be empty."],
      ["ru", "Не может быть пустым."],
    ] as const) {
      const res = await kit.as(4001, locale)("/api/support", { method: "POST", body: { text: "  " } });
      expect(res.status).toBe(400);
      expect((await json(res)).error.fields).toEqual([{ field: "text", code: "too_small", message }]);
    }
  });

  it("refuses a box type that contradicts the preorder's, saying which one WB has", async () => {
    const before = await snapshot();
    const preorder = kit.demo.preorders[0];
    const res = await kit.as(4001, "ru")("/api/tasks", {
      method: "POST",
      body: {
        cabinetId,
        supply: { kind: "preorder", preorderId: preorder?.preorderId },
        boxTypeId: 5,
        dateFrom: "2026-11-23",
        dateTo: "2026-11-30",
        maxCoefficient: 0,
        mode: "book",
      },
    });
    expect(res.status).toBe(400);
    expect((await json(res)).error).toMatchObject({
      code: "task.box_type_mismatch",
      message: expect.stringContaining("«Короба»"),
    });
    expect(await snapshot()).toEqual(before);
  });
});
