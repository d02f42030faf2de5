import { gunzipSync } from "node:zlib";
import { signInitData } from "@slotpilot/domain";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { createTestApi, json, LIVE_BOT_TOKEN } from "../testing.ts";

// Saturday 21 November 2026, 12:00 in Moscow.
const NOW = new Date("2026-11-21T09:00:00Z");
let api: Awaited<ReturnType<typeof createTestApi>>;

const since = new Date("2026-11-21T08:00:00Z");
const seenAt = new Date("2026-11-21T08:59:50Z");

beforeAll(async () => {
  api = await createTestApi(inject("pgAdminUrl"), { checkErrorDocs: true, mode: "live", now: () => NOW });
  await api.db
    .insertInto("warehouses")
    .values([
      { id: 507, name: "Коледино" },
      { id: 117986, name: "Казань" },
      { id: 301, name: "Сц Брянск 2", is_sorting_center: true },
    ])
    .execute();
  const cell = (warehouse_id: number, date: string, box_type_id: number, coefficient: number, allow_unload = true) => ({
    warehouse_id,
    date,
    box_type_id,
    coefficient,
    allow_unload,
    since,
    seen_at: since,
  });
  await api.db
    .insertInto("slot_cells")
    .values([
      cell(507, "2026-11-22", 2, 0),
      cell(507, "2026-11-21", 2, -1, false),
      cell(507, "2026-11-21", 5, 3),
      cell(117986, "2026-11-23", 2, 1),
      cell(301, "2026-11-22", 6, 0),
      { ...cell(999, "2026-11-24", 0, 10), seen_at: seenAt },
      cell(507, "2026-12-30", 2, 0), // beyond WB's two weeks: only an explicit range shows it
      cell(507, "2026-11-20", 2, 0), // yesterday
    ])
    .execute();
});
afterAll(() => api.close());

function as(user: { id: number; first_name: string; language_code?: string }) {
  const authorization = `tma ${signInitData({ user, authDate: NOW }, LIVE_BOT_TOKEN)}`;
  return (path: string, headers: Record<string, string> = {}) =>
    api.app.request(path, { headers: { authorization, ...headers } });
}
const anna = as({ id: 7101, first_name: "Anna", language_code: "en" });
const vera = as({ id: 7102, first_name: "Вера", language_code: "ru" });

describe("GET /api/slots", () => {
  it("shows today and the next 13 days (Moscow) with warehouse names, one compact row per cell", async () => {
    const res = await anna("/api/slots");
    expect(res.status).toBe(200);
    const body = await json(res);
    const s = since.getTime();
    expect(body).toEqual({
      from: "2026-11-21",
      to: "2026-12-04",
      seenAt: seenAt.getTime(),
      warehouses: [
        { id: 301, name: "Сц Брянск 2", isSortingCenter: true },
        { id: 507, name: "Коледино", isSortingCenter: false },
        { id: 999, name: null, isSortingCenter: false },
        { id: 117986, name: "Казань", isSortingCenter: false },
      ],
      cells: [
        [301, "2026-11-22", 6, 0, true, s],
        [507, "2026-11-21", 2, -1, false, s],
        [507, "2026-11-21", 5, 3, true, s],
        [507, "2026-11-22", 2, 0, true, s],
        [999, "2026-11-24", 0, 10, true, s],
        [117986, "2026-11-23", 2, 1, true, s],
      ],
    });
  });

  it("filters by date range, box type and warehouses", async () => {
    const dates = await json(await anna("/api/slots?from=2026-12-01&to=2026-12-31"));
    expect(dates.cells.map((c: unknown[]) => c.slice(0, 3))).toEqual([[507, "2026-12-30", 2]]);

    const box = await json(await anna("/api/slots?boxTypeId=0"));
    expect(box.cells.map((c: unknown[]) => c[0])).toEqual([999]);

    const some = await json(await anna("/api/slots?warehouseIds=117986,301"));
    expect(some.cells.map((c: unknown[]) => c[0])).toEqual([301, 117986]);
    expect(some.warehouses.map((w: { id: number }) => w.id)).toEqual([301, 117986]);

    const none = await json(await anna("/api/slots?from=2027-01-01&to=2027-01-31"));
    expect(none).toEqual({ from: "2027-01-01", to: "2027-01-31", seenAt: null, warehouses: [], cells: [] });
  });

  it("explains bad input in the caller's language and answers 400", async () => {
    const ids201 = Array.from({ length: 201 }, (_, i) => i + 1).join(",");
    const cases: [string, string, string][] = [
      ["from=2026-02-30", "slots.date_invalid", "«from» — дата в формате 2026-11-25."],
      ["from=25.11.2026", "slots.date_invalid", "«from» — дата в формате 2026-11-25."],
      [
        "from=2026-11-25&to=2026-11-24",
        "slots.date_order",
        "Первая дата (25 ноября) не может быть позже последней (24 ноября).",
      ],
      ["from=2026-11-01&to=2026-12-02", "slots.range_too_long", "Календарь показывает не больше 31 дней за раз."],
      ["boxTypeId=3", "slots.unknown_box_type", expect.stringContaining("Неизвестный тип поставки: 3.")],
      ["warehouseIds=507,abc", "slots.warehouse_ids_invalid", expect.stringContaining("не больше 200")],
      [`warehouseIds=${ids201}`, "slots.warehouse_ids_invalid", expect.stringContaining("через запятую")],
    ] as [string, string, string][];
    for (const [query, code, message] of cases) {
      const res = await vera(`/api/slots?${query}`);
      expect(res.status, query).toBe(400);
      expect((await json(res)).error, query).toEqual({ code, message });
    }
    // The longest range allowed: 31 days.
    expect((await anna("/api/slots?from=2026-11-01&to=2026-12-01")).status).toBe(200);
  });

  it("needs a Telegram sign-in", async () => {
    const res = await api.app.request("/api/slots");
    expect(res.status).toBe(401);
    expect((await json(res)).error.code).toBe("auth.missing");
  });
});

describe("GET /api/slots/stats", () => {
  beforeAll(async () => {
    const change = (at: string, kind: "opened" | "closed" | "changed", coefficient: number, more = {}) => ({
      warehouse_id: 507,
      date: "2026-11-25",
      box_type_id: 2,
      kind,
      coefficient,
      allow_unload: true,
      previous_coefficient: null,
      at: new Date(at),
      ...more,
    });
    await api.db
      .insertInto("slot_changes")
      .values([
        // Counted: free openings. 21:30 UTC Friday is 00:30 Saturday in Moscow.
        change("2026-11-20T21:30:00Z", "opened", 0),
        change("2026-11-19T06:10:00Z", "opened", 0), // Thursday 09:10 Moscow
        change("2026-11-19T06:40:00Z", "opened", 0, { box_type_id: 5 }),
        change("2026-11-19T06:55:00Z", "changed", 0, { previous_coefficient: 5 }),
        // Not counted: paid, closed, no unloading, not a drop to free, too old, another warehouse.
        change("2026-11-19T07:00:00Z", "opened", 3),
        change("2026-11-19T07:05:00Z", "closed", -1),
        change("2026-11-19T07:10:00Z", "opened", 0, { allow_unload: false }),
        change("2026-11-19T07:15:00Z", "changed", 1, { previous_coefficient: 0 }),
        change("2026-10-10T07:00:00Z", "opened", 0),
        change("2026-11-19T07:00:00Z", "opened", 0, { warehouse_id: 117986 }),
      ])
      .execute();
  });

  it("counts free openings of the last 30 days by Moscow hour and weekday", async () => {
    const res = await anna("/api/slots/stats?warehouseId=507");
    expect(res.status).toBe(200);
    const body = await json(res);
    const byHour = Array.from({ length: 24 }, () => 0);
    byHour[0] = 1;
    byHour[9] = 3;
    expect(body).toEqual({
      warehouse: { id: 507, name: "Коледино" },
      since: "2026-10-22T09:00:00.000Z",
      until: "2026-11-21T09:00:00.000Z",
      timeZone: "Europe/Moscow",
      total: 4,
      byHour,
      // Monday first: Thursday 3, Saturday 1.
      byWeekday: [0, 0, 0, 3, 0, 1, 0],
    });
    const boxes = await json(await anna("/api/slots/stats?warehouseId=507&boxTypeId=2"));
    expect(boxes.total).toBe(3);
  });

  it("answers an unknown warehouse with 404 and a missing one with 400", async () => {
    const unknown = await vera("/api/slots/stats?warehouseId=4242");
    expect(unknown.status).toBe(404);
    expect((await json(unknown)).error).toEqual({
      code: "slots.unknown_warehouse",
      message: "Неизвестный склад: 4242.",
    });
    for (const query of ["", "?warehouseId=", "?warehouseId=-1", "?warehouseId=abc"]) {
      const res = await anna(`/api/slots/stats${query}`);
      expect(res.status, query).toBe(400);
      expect((await json(res)).error.code).toBe("slots.warehouse_invalid");
    }
    expect((await json(await anna("/api/slots/stats?warehouseId=507&boxTypeId=9"))).error.code).toBe(
      "slots.unknown_box_type",
    );
  });
});

describe("GET /api/slots caching", () => {
  it("is the same answer for every seller, revalidated by ETag and compressed when the client takes gzip", async () => {
    const first = await anna("/api/slots");
    const etag = first.headers.get("etag");
    expect(etag).toMatch(/^".+"$/);
    const plain = await first.text();
    // Another seller gets the very same calendar, and a client that has it gets a 304.
    expect((await vera("/api/slots")).headers.get("etag")).toBe(etag);
    const again = await vera("/api/slots", { "if-none-match": etag ?? "" });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    const zipped = await anna("/api/slots", { "accept-encoding": "gzip, deflate, br" });
    expect(zipped.headers.get("content-encoding")).toBe("gzip");
    expect(gunzipSync(Buffer.from(await zipped.arrayBuffer())).toString("utf8")).toBe(plain);

    // The monitor writes a cell: the ETag moves and the new state is served.
    const opened = { warehouse_id: 301, date: "2026-11-25", box_type_id: 6, coefficient: 0, allow_unload: true };
    await api.db
      .insertInto("slot_cells")
      .values({ ...opened, since: new Date(), seen_at: new Date() })
      .execute();
    try {
      await vi.waitFor(async () => {
        const changed = await anna("/api/slots", { "if-none-match": etag ?? "" });
        expect(changed.status).toBe(200);
        expect((await json(changed)).cells).toContainEqual(expect.arrayContaining([301, "2026-11-25", 6, 0, true]));
      });
    } finally {
      await api.db.deleteFrom("slot_cells").where("warehouse_id", "=", 301).where("date", "=", "2026-11-25").execute();
    }
  });
});
