import { signInitData } from "@slotpilot/domain";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createTestApi, json, LIVE_BOT_TOKEN } from "../testing.ts";

let api: Awaited<ReturnType<typeof createTestApi>>;
beforeAll(async () => {
  api = await createTestApi(inject("pgAdminUrl"), { checkErrorDocs: true, mode: "live" });
  await api.db
    .insertInto("warehouses")
    .values([
      { id: 507, name: "Коледино" },
      { id: 117986, name: "Казань" },
      { id: 120762, name: "Электросталь" },
      { id: 1733, name: "Екатеринбург - Испытателей 14г" },
    ])
    .execute();
});
afterAll(() => api.close());

const authorization = `tma ${signInitData({ user: { id: 7301, first_name: "Вера", language_code: "ru" }, authDate: new Date() }, LIVE_BOT_TOKEN)}`;
const names = async (query: string) => {
  const res = await api.app.request(`/api/warehouses?${query}`, { headers: { authorization } });
  expect(res.status).toBe(200);
  return ((await json(res)).warehouses as { name: string }[]).map((w) => w.name);
};

describe("GET /api/warehouses?search=", () => {
  it("finds a Russian name typed in lower case, as sellers type it", async () => {
    expect(await names(`search=${encodeURIComponent("коледино")}`)).toEqual(["Коледино"]);
    expect(await names(`search=${encodeURIComponent("КАЗ")}`)).toEqual(["Казань"]);
    expect(await names(`search=${encodeURIComponent("испытателей")}`)).toEqual(["Екатеринбург - Испытателей 14г"]);
  });

  it("puts names that start with the search first and keeps to the limit", async () => {
    expect(await names(`search=${encodeURIComponent("е")}`)).toEqual([
      "Екатеринбург - Испытателей 14г",
      "Коледино",
      "Электросталь",
    ]);
    expect(await names(`search=${encodeURIComponent("е")}&limit=1`)).toEqual(["Екатеринбург - Испытателей 14г"]);
    // A `%` or `_` is a letter, not a wildcard.
    expect(await names("search=%25")).toEqual([]);
  });
});

describe("GET /api/warehouses?limit=", () => {
  it("names every warehouse in one page, past 200 (WB lists a few hundred with its sorting centres)", async () => {
    await api.db
      .insertInto("warehouses")
      .values(Array.from({ length: 300 }, (_, i) => ({ id: 900_000 + i, name: `СЦ ${String(i).padStart(3, "0")}` })))
      .execute();
    const all = await names("limit=1000");
    expect(all).toHaveLength(304);
    expect(all).toContain("СЦ 299");
    const refused = await api.app.request("/api/warehouses?limit=1001", { headers: { authorization } });
    expect(refused.status).toBe(400);
  });
});

describe("PUT /api/me/favourites", () => {
  const put = (warehouseIds: number[]) =>
    api.app.request("/api/me/favourites", {
      method: "PUT",
      headers: { authorization, "content-type": "application/json" },
      body: JSON.stringify({ warehouseIds }),
    });
  const favourites = async () =>
    (await json(await api.app.request("/api/me/favourites", { headers: { authorization } }))).warehouseIds;

  it("keeps WB's warehouses in the order given, and refuses one WB does not have, changing nothing", async () => {
    expect((await put([120762, 507])).status).toBe(200);
    expect(await favourites()).toEqual([120762, 507]);

    const refused = await put([507, 999999]);
    expect(refused.status).toBe(400);
    expect((await json(refused)).error).toMatchObject({
      code: "favourites.unknown_warehouse",
      message: "Неизвестный склад: 999999. Избранное выбирается из складов WB.",
    });
    expect(await favourites()).toEqual([120762, 507]);
  });
});
