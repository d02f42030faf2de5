import { describe, expect, it } from "vitest";
import { z } from "zod";
import { BOX, MONOPALLET, QR } from "../box-types.ts";
import { TEST_START, testSandbox } from "../test-support.ts";

// Schemas written from wb/FACTS.md, strict so an extra or misspelt field fails the contract.
const tariff = z.string().nullable();
const feedRow = z.strictObject({
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}T00:00:00Z$/),
  coefficient: z.number().int().min(-1).max(20),
  warehouseID: z.number().int(),
  warehouseName: z.string().min(1),
  allowUnload: z.boolean(),
  boxTypeID: z.union([z.literal(2), z.literal(5), z.literal(6)]).optional(),
  storageCoef: tariff,
  deliveryCoef: tariff,
  deliveryBaseLiter: tariff,
  deliveryAdditionalLiter: tariff,
  storageBaseLiter: tariff,
  storageAdditionalLiter: tariff,
  isSortingCenter: z.boolean(),
});
const legacyRow = feedRow.extend({ boxTypeName: z.string() });
const warehouse = z.strictObject({
  ID: z.number().int(),
  name: z.string(),
  address: z.string(),
  workTime: z.string(),
  isActive: z.boolean(),
  isTransitActive: z.boolean(),
});
const options = z.strictObject({
  result: z.array(
    z.strictObject({
      barcode: z.string(),
      warehouses: z
        .array(
          z.strictObject({
            warehouseID: z.number().int(),
            canBox: z.boolean(),
            canMonopallet: z.boolean(),
            canSupersafe: z.boolean(),
          }),
        )
        .nullable(),
      error: z.strictObject({ title: z.string(), detail: z.string() }).optional(),
      isError: z.boolean(),
    }),
  ),
  requestId: z.string(),
});
const mskDate = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+03:00$/);
const supplyRow = z.strictObject({
  phone: z.string().regex(/^\+7 \d{3} \*\*\* \*\* \d{2}$/),
  supplyID: z.number().int().nullable(),
  preorderID: z.number().int(),
  createDate: mskDate,
  supplyDate: mskDate.nullable(),
  factDate: mskDate.nullable(),
  updatedDate: mskDate.nullable(),
  statusID: z.number().int().min(1).max(6),
  // Since 16 Mar 2026 the list carries the box type (null for QR).
  boxTypeID: z.union([z.literal(2), z.literal(5), z.literal(6)]).nullable(),
});
const supplyDetails = z.object({
  phone: z.string(),
  statusID: z.number().int(),
  boxTypeID: z.number().int().nullable(),
  isBoxOnPallet: z.boolean(),
  createDate: mskDate,
  supplyDate: mskDate.nullable(),
  factDate: mskDate.nullable(),
  updatedDate: mskDate.nullable(),
  warehouseID: z.number().int(),
  warehouseName: z.string(),
  transitWarehouseID: z.number().int().nullable(),
  transitWarehouseName: z.string().nullable(),
  acceptanceCost: z.number().nullable(),
  paidAcceptanceCoefficient: z.number().nullable(),
  rejectReason: z.string().nullable(),
});
const wbError = z.object({ title: z.string(), detail: z.string(), requestId: z.string(), status: z.number() });

function setup() {
  const sb = testSandbox();
  const seller = sb.driver.createSeller({ cabinets: 1 });
  const cabinet = seller.cabinets[0];
  if (!cabinet) throw new Error("no cabinet");
  const get = (path: string, token = cabinet.tokens.personal) =>
    sb.app.request(path, { headers: { Authorization: token } });
  const post = (path: string, body: unknown, token = cabinet.tokens.personal) =>
    sb.app.request(path, {
      method: "POST",
      headers: { Authorization: token, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  return { ...sb, cabinet, get, post };
}

const FEED = "/common-api/api/tariffs/v1/acceptance/coefficients";
const LEGACY = "/supplies-api/api/v1/acceptance/coefficients";

describe("official API contract", () => {
  it("serves the coefficients feed with WB's fields, 14 days ahead, boxTypeID absent for QR", async () => {
    const { get } = setup();
    const res = await get(FEED);
    expect(res.status).toBe(200);
    expect(res.headers.get("X-Ratelimit-Remaining")).toBe("5");
    const rows = z.array(feedRow).parse(await res.json());
    expect(new Set(rows.map((r) => r.date)).size).toBe(14);
    expect(rows[0]?.date).toBe("2026-11-21T00:00:00Z");
    const qr = rows.filter((r) => !("boxTypeID" in r));
    expect(qr.length).toBeGreaterThan(0);
    expect(rows.some((r) => r.boxTypeID === BOX)).toBe(true);
    expect(rows.some((r) => r.boxTypeID === MONOPALLET)).toBe(true);
    expect(rows.some((r) => r.coefficient === -1 && r.storageCoef === null)).toBe(true);
  });

  it("filters by warehouseIDs", async () => {
    const { get } = setup();
    const rows = z.array(feedRow).parse(await (await get(`${FEED}?warehouseIDs=507,120762`)).json());
    expect(new Set(rows.map((r) => r.warehouseID))).toEqual(new Set([507, 120762]));
  });

  it("keeps the legacy path, whose rows still carry boxTypeName", async () => {
    const { get } = setup();
    const rows = z.array(legacyRow).parse(await (await get(`${LEGACY}?warehouseIDs=507`)).json());
    expect(rows.some((r) => r.boxTypeName === "QR-поставка с коробами" && !("boxTypeID" in r))).toBe(true);
  });

  it("lists warehouses", async () => {
    const { get } = setup();
    const list = z.array(warehouse).parse(await (await get("/supplies-api/api/v1/warehouses")).json());
    expect(list).toHaveLength(147);
    expect(list.find((w) => w.ID === 507)?.name).toBe("Коледино");
  });

  it("answers acceptance options per barcode, with error rows", async () => {
    const { post } = setup();
    const goods = Array.from({ length: 30 }, (_, i) => ({ quantity: 5, barcode: `20000000${i}` }));
    const res = await post("/supplies-api/api/v1/acceptance/options?warehouseID=507", goods);
    const body = options.parse(await res.json());
    expect(body.result).toHaveLength(30);
    const ok = body.result.find((r) => !r.isError);
    expect(ok?.warehouses).toEqual([
      { warehouseID: 507, canBox: true, canMonopallet: true, canSupersafe: expect.any(Boolean) },
    ]);
    const bad = body.result.find((r) => r.isError);
    expect(bad).toMatchObject({ warehouses: null, error: { title: expect.any(String) } });
  });

  it("lists supplies and shows details by preorder ID, reflecting planning", async () => {
    const { post, get, driver, cabinet } = setup();
    const { preorderId } = driver.createPreorder({ supplierId: cabinet.supplierId, warehouseId: 507, boxTypeId: QR });
    const list = z
      .array(supplyRow)
      .parse(await (await post("/supplies-api/api/v1/supplies?limit=10&offset=0", {})).json());
    expect(list).toEqual([
      expect.objectContaining({ preorderID: preorderId, supplyID: null, statusID: 1, supplyDate: null }),
    ]);
    const filtered = await post("/supplies-api/api/v1/supplies", { statusIDs: [2] });
    expect(await filtered.json()).toEqual([]);
    const details = supplyDetails.parse(
      await (await get(`/supplies-api/api/v1/supplies/${preorderId}?isPreorderID=true`)).json(),
    );
    expect(details).toMatchObject({ statusID: 1, warehouseID: 507, boxTypeID: null, paidAcceptanceCoefficient: null });
    const missing = await get("/supplies-api/api/v1/supplies/999?isPreorderID=true");
    expect(missing.status).toBe(404);
    wbError.parse(await missing.json());
  });

  it("serves transit tariffs", async () => {
    const { get } = setup();
    const res = await get("/supplies-api/api/v1/transit-tariffs");
    const body = z
      .array(
        z.object({
          transitWarehouseName: z.string(),
          destinationWarehouseName: z.string(),
          activeFrom: z.string(),
          boxTariff: z.unknown(),
          palletTariff: z.unknown(),
        }),
      )
      .parse(await res.json());
    expect(body.length).toBeGreaterThan(0);
  });

  it("answers a share of requests with 500 under the errorRate fault, still counting them", async () => {
    const { get, driver } = setup();
    driver.setFaults({ errorRate: 1 });
    const res = await get(FEED);
    expect(res.status).toBe(500);
    expect(res.headers.get("X-Ratelimit-Remaining")).toBe("5");
    wbError.parse(await res.json());
  });

  it("refuses unknown or missing tokens with 401 in WB's error format", async () => {
    const { app, get } = setup();
    const none = await app.request(FEED);
    expect(none.status).toBe(401);
    wbError.parse(await none.json());
    expect((await get(FEED, "not-a-token")).status).toBe(401);
  });

  it("turns the feed off the way WB did, while other methods keep working", async () => {
    const { get, driver } = setup();
    driver.setFaults({ feedOff: true });
    const res = await get(FEED);
    expect(res.status).toBe(503);
    expect(wbError.parse(await res.json()).title).toBe("method temporarily disabled");
    expect((await get("/supplies-api/api/v1/warehouses")).status).toBe(200);
  });

  it("switches off warehouses, acceptance options and transit tariffs like the feed, each on its own", async () => {
    const { get, post, driver } = setup();
    const options = () => post("/supplies-api/api/v1/acceptance/options", [{ quantity: 1, barcode: "2000000001" }]);
    driver.setFaults({ warehousesOff: true, acceptanceOptionsOff: true, transitTariffsOff: true });
    for (const res of [
      await get("/supplies-api/api/v1/warehouses"),
      await options(),
      await get("/supplies-api/api/v1/transit-tariffs"),
    ]) {
      expect(res.status).toBe(503);
      expect(wbError.parse(await res.json()).title).toBe("method temporarily disabled");
    }
    // The feed and the supplies methods still answer.
    expect((await get(FEED)).status).toBe(200);
    expect((await post("/supplies-api/api/v1/supplies?limit=10", {})).status).toBe(200);
    driver.setFaults({ warehousesOff: false });
    expect((await get("/supplies-api/api/v1/warehouses")).status).toBe(200);
    expect((await options()).status).toBe(503);
  });
});

describe("rate limits", () => {
  it("answers 429 exactly on the 7th feed request of a minute, with WB's headers", async () => {
    const { get, driver } = setup();
    const remaining = [];
    for (let i = 0; i < 6; i++) {
      const res = await get(FEED);
      expect(res.status).toBe(200);
      remaining.push(res.headers.get("X-Ratelimit-Remaining"));
    }
    expect(remaining).toEqual(["5", "4", "3", "2", "1", "0"]);
    const limited = await get(FEED);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("X-Ratelimit-Retry")).toBe("10");
    expect(limited.headers.get("X-Ratelimit-Reset")).toBe("60");
    expect(limited.headers.get("X-Ratelimit-Limit")).toBe("6");
    expect(limited.headers.get("X-Ratelimit-Remaining")).toBeNull();
    driver.advance(9_000);
    expect((await get(FEED)).status).toBe(429);
    driver.advance(1_000);
    expect((await get(FEED)).status).toBe(200);
  });

  it("limits a Basic token to one feed request an hour, on its own budget", async () => {
    const { get, cabinet, driver } = setup();
    expect((await get(FEED, cabinet.tokens.basic)).status).toBe(200);
    const limited = await get(FEED, cabinet.tokens.basic);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("X-Ratelimit-Retry")).toBe("3600");
    expect(limited.headers.get("X-Ratelimit-Limit")).toBe("1");
    expect((await get(FEED)).status).toBe(200);
    driver.advance(3_600_000);
    expect((await get(FEED, cabinet.tokens.basic)).status).toBe(200);
  });

  it("gives each seller account its own budget", async () => {
    const { get, driver } = setup();
    for (let i = 0; i < 6; i++) await get(FEED);
    expect((await get(FEED)).status).toBe(429);
    const other = driver.createSeller().cabinets[0];
    expect((await get(FEED, other?.tokens.personal)).status).toBe(200);
  });

  it("allows 10 supplies requests in a burst, then one every 2 s", async () => {
    const { post, driver } = setup();
    for (let i = 0; i < 10; i++) expect((await post("/supplies-api/api/v1/supplies", {})).status).toBe(200);
    const limited = await post("/supplies-api/api/v1/supplies", {});
    expect(limited.status).toBe(429);
    expect(limited.headers.get("X-Ratelimit-Retry")).toBe("2");
    expect(limited.headers.get("X-Ratelimit-Limit")).toBe("10");
    driver.advance(2_000);
    expect((await post("/supplies-api/api/v1/supplies", {})).status).toBe(200);
  });

  it("charges a 4xx as 10 requests", async () => {
    const { get } = setup();
    const bad = await get(`${FEED}?warehouseIDs=abc`);
    expect(bad.status).toBe(400);
    expect(bad.headers.get("X-Ratelimit-Remaining")).toBe("0");
    expect((await get(FEED)).status).toBe(429);
  });

  it("logs every request of the seller account with its token type and status", async () => {
    const { get, driver, cabinet } = setup();
    await get(FEED);
    await get(FEED, cabinet.tokens.basic);
    await get(FEED, cabinet.tokens.basic);
    const log = driver.requests(cabinet.supplierId);
    expect(log.map((e) => [e.path, e.tokenType, e.status])).toEqual([
      [FEED, "personal", 200],
      [FEED, "basic", 200],
      [FEED, "basic", 429],
    ]);
    expect(log[0]?.time).toBe(new Date(TEST_START).toISOString());
  });
});
