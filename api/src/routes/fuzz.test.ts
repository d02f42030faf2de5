import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { json } from "../testing.ts";
import { sellerTestKit } from "./seller-test-kit.ts";

/**
 * Every `/api` route against a few hundred requests that are wrong in every way a client can be
 * wrong: malformed JSON, wrong types, out-of-range numbers, NUL and other control characters, huge
 * strings, unknown fields, wrong content types, odd ids and queries. None may answer 5xx, and none
 * may change anything. Seeded, so a failure replays.
 */
let kit: Awaited<ReturnType<typeof sellerTestKit>>;
let raw: ReturnType<typeof kit.raw>;
let cabinetId: number;
let taskId: number;

beforeAll(async () => {
  kit = await sellerTestKit(inject("pgAdminUrl"));
  const seller = kit.as(5001);
  raw = kit.raw(5001);
  cabinetId = (
    await json(await seller("/api/cabinets", { method: "POST", body: { name: "Main", apiToken: kit.tokens.personal } }))
  ).cabinet.id;
  taskId = (
    await json(
      await seller("/api/tasks", {
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
      }),
    )
  ).task.id;
});
afterAll(() => kit.close());

/** mulberry32: small, seeded, good enough to pick cases. */
function prng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Kind = "text" | "note" | "int" | "bool" | "day" | "datetime" | "enum" | "array" | "object";
interface Field {
  name: string;
  kind: Kind;
}

// Values that are wrong for a field of each kind, whatever the field's own rules.
const WRONG: Record<Kind, unknown[]> = {
  text: [42, true, null, [], {}, "a\u0000b", "\u0007bell", "x".repeat(5000), ""],
  // Optional free text (empty and null are fine there).
  note: [42, true, [], {}, "a\u0000b", "x".repeat(5000)],
  int: ["1", 1.5, -1, 1e20, 2 ** 53, 2147483648, null, true, "NaN", [], {}],
  bool: ["true", 1, null, [], "\u0000"],
  day: ["2026-02-30", "2026-1-1", "tomorrow", 20261125, null, "2026-11-25\u0000", "9999-99-99"],
  datetime: ["2026-11-25", "tomorrow", 1, "2026-11-25T10:00:00", "2026-11-25T25:00:00Z", "\u0000", []],
  enum: ["nope", 1, null, "", "book\u0000"],
  array: ["1,2", 1, null, {}, [null], ["\u0000"], Array.from({ length: 500 }, (_, i) => i), [2147483648, -1]],
  object: ["x", 1, null, [], { kind: "nope" }, { kind: "preorder", preorderId: "1" }],
};

const TASK_FIELDS: Field[] = [
  { name: "cabinetId", kind: "int" },
  { name: "supply", kind: "object" },
  { name: "boxTypeId", kind: "int" },
  { name: "dateFrom", kind: "day" },
  { name: "dateTo", kind: "day" },
  { name: "skipDates", kind: "array" },
  { name: "maxCoefficient", kind: "int" },
  { name: "deadline", kind: "datetime" },
  { name: "mode", kind: "enum" },
  { name: "flapGuard", kind: "enum" },
];
const PATCH_TASK_FIELDS: Field[] = [
  ...TASK_FIELDS.filter((f) =>
    ["dateFrom", "dateTo", "skipDates", "maxCoefficient", "mode", "flapGuard"].includes(f.name),
  ),
  { name: "status", kind: "enum" },
  { name: "statusReason", kind: "note" },
];

interface Route {
  method: string;
  path: () => string;
  /** Fields of a JSON body; absent for routes without one. */
  body?: { valid: () => Record<string, unknown>; fields: Field[] };
  query?: string[];
}

const ROUTES: Route[] = [
  { method: "GET", path: () => "/api/me" },
  {
    method: "PATCH",
    path: () => "/api/me",
    body: { valid: () => ({ locale: "en" }), fields: [{ name: "locale", kind: "enum" }] },
  },
  { method: "GET", path: () => "/api/cabinets" },
  {
    method: "POST",
    path: () => "/api/cabinets",
    body: {
      valid: () => ({ name: "Second", apiToken: kit.tokens.basic, monitorOptIn: false }),
      fields: [
        { name: "name", kind: "text" },
        { name: "apiToken", kind: "text" },
        { name: "monitorOptIn", kind: "bool" },
      ],
    },
  },
  {
    method: "PATCH",
    path: () => `/api/cabinets/${cabinetId}`,
    body: {
      valid: () => ({ name: "Renamed", monitorOptIn: true }),
      fields: [
        { name: "name", kind: "text" },
        { name: "monitorOptIn", kind: "bool" },
      ],
    },
  },
  { method: "DELETE", path: () => `/api/cabinets/${cabinetId}` },
  { method: "GET", path: () => `/api/cabinets/${cabinetId}` },
  { method: "GET", path: () => `/api/cabinets/${cabinetId}/login` },
  { method: "GET", path: () => `/api/cabinets/${cabinetId}/login/captcha` },
  {
    method: "POST",
    path: () => `/api/cabinets/${cabinetId}/login`,
    body: { valid: () => ({ phone: "+79990000001" }), fields: [{ name: "phone", kind: "text" }] },
  },
  {
    method: "POST",
    path: () => `/api/cabinets/${cabinetId}/login/code`,
    body: { valid: () => ({ code: "123456" }), fields: [{ name: "code", kind: "text" }] },
  },
  {
    method: "POST",
    path: () => `/api/cabinets/${cabinetId}/login/captcha`,
    body: { valid: () => ({ answer: "12345" }), fields: [{ name: "answer", kind: "text" }] },
  },
  {
    method: "POST",
    path: () => `/api/cabinets/${cabinetId}/login/cabinet`,
    body: { valid: () => ({ supplierId: 4100001 }), fields: [{ name: "supplierId", kind: "int" }] },
  },
  { method: "GET", path: () => "/api/supplies", query: ["cabinetId"] },
  { method: "GET", path: () => "/api/tasks" },
  {
    method: "POST",
    path: () => "/api/tasks",
    body: {
      valid: () => ({
        cabinetId,
        supply: { kind: "draft", draftId: "d-9", warehouseIds: [507] },
        boxTypeId: 2,
        dateFrom: "2026-11-23",
        dateTo: "2026-11-30",
        maxCoefficient: 0,
        mode: "alert",
      }),
      fields: TASK_FIELDS,
    },
  },
  { method: "GET", path: () => `/api/tasks/${taskId}` },
  {
    method: "PATCH",
    path: () => `/api/tasks/${taskId}`,
    body: { valid: () => ({ maxCoefficient: 3 }), fields: PATCH_TASK_FIELDS },
  },
  { method: "DELETE", path: () => `/api/tasks/${taskId}` },
  { method: "GET", path: () => "/api/slots", query: ["from", "to", "boxTypeId", "warehouseIds"] },
  { method: "GET", path: () => "/api/slots/stats", query: ["warehouseId", "boxTypeId"] },
  { method: "GET", path: () => "/api/admin/status" },
];

const ODD_IDS = ["0x1", "1e0", "+1", "01", "0b1", "%201", "-1", "1.5", "99999999999999999999", "%00", "..", "1;drop"];
const ODD_QUERY = ["", "%00", "x", "-1", "2147483648", "2026-02-30", "1,2,,3", "a".repeat(3000), "%E0%A4%A", "[]"];
const BROKEN_JSON = ["{", "{not json", "null", "[]", '"text"', "1", '{"a":1}}', "\u0000", '{"name":"\\u0000"}'];
const CONTENT_TYPES = ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ""];

function requests(seed: number, count: number) {
  const random = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const out: { method: string; path: string; body?: string; headers: Record<string, string> }[] = [];
  for (let i = 0; i < count; i++) {
    const route = pick(ROUTES);
    const json = { "content-type": "application/json" };
    const path = route.path();
    const strategy = random();
    if (path.match(/\/\d+$/) && strategy < 0.2) {
      const odd = pick(ODD_IDS);
      const body = route.method === "GET" || route.method === "DELETE" ? {} : { body: "{}" };
      out.push({ method: route.method, path: path.replace(/\d+$/, odd), headers: json, ...body });
    } else if (route.query && strategy < 0.6) {
      const params = route.query.map((q) => `${q}=${pick(ODD_QUERY)}`).join("&");
      out.push({ method: route.method, path: `${path}?${params}`, headers: {} });
    } else if (route.body && strategy < 0.7) {
      out.push({ method: route.method, path, headers: json, body: pick(BROKEN_JSON) });
    } else if (route.body && strategy < 0.8) {
      const type = pick(CONTENT_TYPES);
      out.push({
        method: route.method,
        path,
        headers: type ? { "content-type": type } : {},
        body: JSON.stringify(route.body.valid()),
      });
    } else if (route.body) {
      const body = route.body.valid();
      const field = pick(route.body.fields);
      body[field.name] = pick(WRONG[field.kind]);
      if (random() < 0.3) body[`extra${i}`] = pick(WRONG.text);
      out.push({ method: route.method, path, headers: json, body: JSON.stringify(body) });
    } else {
      // Routes without a body: a stray body or a method they do not take.
      out.push({ method: pick(["PUT", "POST", "PATCH"]), path, headers: json, body: pick(BROKEN_JSON) });
    }
  }
  return out;
}

const snapshot = async () => ({
  cabinets: await kit.api.db.selectFrom("cabinets").selectAll().orderBy("id").execute(),
  tasks: await kit.api.db.selectFrom("booking_tasks").selectAll().orderBy("id").execute(),
  notifications: await kit.api.db.selectFrom("notifications").selectAll().orderBy("id").execute(),
  organizations: await kit.api.db.selectFrom("organizations").selectAll().orderBy("id").execute(),
  portalSessions: await kit.api.db.selectFrom("portal_sessions").selectAll().orderBy("cabinet_id").execute(),
  portalCalls: await kit.api.db.selectFrom("portal_calls").selectAll().orderBy("id").execute(),
});

describe("fuzzing every /api route", () => {
  it("never answers 5xx and never changes anything, over 600 malformed requests", async () => {
    const before = await snapshot();
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    for (const request of requests(20261130, 600)) {
      const res = await raw(request.path, {
        method: request.method,
        headers: request.headers,
        ...(request.body === undefined ? {} : { body: request.body }),
      });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      const text = await res.text();
      if (res.status >= 500)
        failures.push(`${request.method} ${request.path} ${request.body ?? ""} → ${res.status} ${text}`);
      else if (res.status >= 400 && !text.includes('"code"'))
        failures.push(`${request.method} ${request.path} → ${res.status} without an error code`);
    }
    expect(failures).toEqual([]);
    expect(await snapshot()).toEqual(before);
    // The run really reached the validators: most requests were refused as bad input.
    expect((statuses.get(400) ?? 0) + (statuses.get(415) ?? 0)).toBeGreaterThan(300);
  });
});
