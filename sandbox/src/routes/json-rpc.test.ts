import { describe, expect, it } from "vitest";
import { BOX } from "../box-types.ts";
import { dayOf, dayToYmd } from "../dates.ts";
import { checkAnswer, solvePow } from "../pow.ts";
import { headerToken, portalLogin, TEST_START, testSandbox } from "../test-support.ts";

const RPC = {
  draftCreate: "/seller-supply/ns/sm-draft/supply-manager/api/v1/draft/create",
  draftGoods: "/seller-supply/ns/sm-draft/supply-manager/api/v1/draft/UpdateDraftGoods",
  supplyCreate: "/seller-supply/ns/sm-supply/supply-manager/api/v1/supply/create",
  costs: "/seller-supply/ns/sm-supply/supply-manager/api/v1/supply/getAcceptanceCosts",
  planAdd: "/seller-supply/ns/sm/supply-manager/api/v1/plan/add",
  planUpdate: "/seller-supply/ns/sm/supply-manager/api/v1/plan/update",
};
const DAY2 = dayToYmd(dayOf(TEST_START) + 2);
const DAY3 = dayToYmd(dayOf(TEST_START) + 3);

interface RpcBody {
  result?: { draftID?: string; ids?: { Id: number }[]; costs?: unknown[]; supplyID?: number };
  error?: { code: number; message: string; data?: { reason: string } };
}

async function seller(sb: ReturnType<typeof testSandbox>, phone?: string) {
  const created = sb.driver.createSeller(phone ? { phone } : {});
  const { jar } = await portalLogin(sb.app, sb.driver, created.phone);
  const lk = await headerToken(sb.app, jar);
  let n = 0;
  const call = (path: string, params: Record<string, unknown>, headers: Record<string, string> = {}) =>
    sb.app.request(path, {
      method: "POST",
      headers: { cookie: jar.header(), "wb-seller-lk": lk, "content-type": "application/json", ...headers },
      body: JSON.stringify({ params, jsonrpc: "2.0", id: `json-rpc_${++n}` }),
    });
  const rpc = async (path: string, params: Record<string, unknown>, headers: Record<string, string> = {}) => {
    const res = await call(path, params, headers);
    return { status: res.status, body: (await res.json()) as RpcBody };
  };
  return { ...created, supplierId: created.cabinets[0]?.supplierId ?? 0, rpc, call };
}

/** get-task → solve → verify-answer, as the portal's page does. */
async function captcha(sb: ReturnType<typeof testSandbox>) {
  const task = (await (await sb.app.request("/pow/api/v1/short/get-task")).json()) as {
    id: string;
    challenge: string;
    difficulty: number;
  };
  const answer = solvePow(task.challenge, task.difficulty);
  const res = await sb.app.request("/pow/api/v1/short/verify-answer", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ id: task.id, answer }),
  });
  const body = (await res.json()) as { "wb-captcha-short-token": string };
  return { "x-wb-captcha-token": body["wb-captcha-short-token"], "x-wb-captcha-latency": "850" };
}

function world() {
  const sb = testSandbox({ faults: { powDifficulty: 8 } });
  sb.driver.loadScenario({ background: false, faults: { competitorDelayMs: null } });
  return sb;
}

describe("planning by JSON-RPC", () => {
  it("creates a draft and a supply, reads the costs, books with a captcha token, and the API sees it", async () => {
    const sb = world();
    const s = await seller(sb);
    const draft = await s.rpc(RPC.draftCreate, {});
    const draftID = draft.body.result?.draftID ?? "";
    expect(draftID).toMatch(/^[0-9a-f-]{36}$/);
    expect((await s.rpc(RPC.draftGoods, { draftID, barcodes: [{ barcode: "2000000001", quantity: 40 }] })).status).toBe(
      200,
    );
    const created = await s.rpc(RPC.supplyCreate, {
      boxTypeID: BOX,
      draftID,
      warehouseId: 507,
      transitWarehouseId: null,
    });
    const preorderId = created.body.result?.ids?.[0]?.Id ?? 0;

    sb.driver.setCell({ warehouseId: 507, date: DAY2, boxTypeId: BOX, coefficient: 0, capacity: 1 });
    const costs = await s.rpc(RPC.costs, {
      dateFrom: `${DAY2}T00:00:00Z`,
      dateTo: `${DAY3}T00:00:00Z`,
      preorderID: preorderId,
    });
    expect(costs.body.result?.costs).toEqual([
      expect.objectContaining({ date: `${DAY2}T00:00:00Z`, coefficient: 0 }),
      expect.objectContaining({ date: `${DAY3}T00:00:00Z` }),
    ]);

    const booked = await s.rpc(
      RPC.planAdd,
      { preOrderId: preorderId, deliveryDate: `${DAY2}T00:00:00Z`, warehouseId: 507 },
      await captcha(sb),
    );
    expect(booked.body.error).toBeUndefined();
    const supplyId = booked.body.result?.supplyID;

    const details = await sb.app.request(`/supplies-api/api/v1/supplies/${preorderId}?isPreorderID=true`, {
      headers: { Authorization: s.cabinets[0]?.tokens.personal ?? "" },
    });
    expect(await details.json()).toMatchObject({
      statusID: 2,
      supplyDate: `${DAY2}T00:00:00+03:00`,
      paidAcceptanceCoefficient: 0,
    });
    expect(sb.driver.bookings()).toEqual([
      expect.objectContaining({ preorderId, supplierId: s.supplierId, warehouseId: 507, by: "seller", coefficient: 0 }),
    ]);
    expect(sb.driver.cell(507, DAY2, BOX).bookable).toBe(false);

    // plan/update moves it and gives the old cell's capacity back.
    sb.driver.setCell({ warehouseId: 507, date: DAY3, boxTypeId: BOX, coefficient: 2 });
    const moved = await s.rpc(
      RPC.planUpdate,
      { supplyID: supplyId, deliveryDate: `${DAY3}T00:00:00Z` },
      await captcha(sb),
    );
    expect(moved.body.error).toBeUndefined();
    expect(sb.driver.cell(507, DAY2, BOX).bookable).toBe(true);
    expect(sb.driver.supplies(s.supplierId)[0]).toMatchObject({ statusId: 2, supplyDate: `${DAY3}T00:00:00Z` });
  });

  it("refuses plan/add without a valid captcha token", async () => {
    const sb = world();
    const s = await seller(sb);
    const { preorderId } = sb.driver.createPreorder({ supplierId: s.supplierId, warehouseId: 507, boxTypeId: BOX });
    sb.driver.setCell({ warehouseId: 507, date: DAY2, boxTypeId: BOX, coefficient: 0 });
    const params = { preOrderId: preorderId, deliveryDate: `${DAY2}T00:00:00Z` };

    const none = await s.rpc(RPC.planAdd, params);
    expect(none.status).toBe(403);
    expect(none.body.error).toMatchObject({ data: { reason: "captcha_invalid" } });
    const forged = await s.rpc(RPC.planAdd, params, { "x-wb-captcha-token": "forged", "x-wb-captcha-latency": "900" });
    expect(forged.body.error?.data?.reason).toBe("captcha_invalid");
    const headers = await captcha(sb);
    const noLatency = await s.rpc(RPC.planAdd, params, { "x-wb-captcha-token": headers["x-wb-captcha-token"] });
    expect(noLatency.body.error?.data?.reason).toBe("captcha_invalid");
    // A token is spent by its first use, and it expires after a minute.
    const once = await captcha(sb);
    sb.driver.setCell({ warehouseId: 507, date: DAY2, boxTypeId: BOX, coefficient: -1 });
    expect((await s.rpc(RPC.planAdd, params, once)).body.error?.data?.reason).toBe("slot_closed");
    expect((await s.rpc(RPC.planAdd, params, once)).body.error?.data?.reason).toBe("captcha_invalid");
    const stale = await captcha(sb);
    sb.driver.advance(61_000);
    expect((await s.rpc(RPC.planAdd, params, stale)).body.error?.data?.reason).toBe("captcha_invalid");
    expect(sb.driver.bookings()).toEqual([]);
  });

  it("refuses a wrong proof-of-work answer", async () => {
    const sb = world();
    const task = (await (await sb.app.request("/pow/api/v1/short/get-task")).json()) as {
      id: string;
      challenge: string;
    };
    let wrong = 0;
    while (checkAnswer(task.challenge, String(wrong), 8)) wrong++;
    const res = await sb.app.request("/pow/api/v1/short/verify-answer", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ id: task.id, answer: String(wrong) }),
    });
    expect(res.status).toBe(400);
  });

  it("refuses closed cells, foreign preorders and double planning with WB-like errors", async () => {
    const sb = world();
    const a = await seller(sb);
    const b = await seller(sb);
    const { preorderId } = sb.driver.createPreorder({ supplierId: a.supplierId, warehouseId: 507, boxTypeId: BOX });
    const params = { preOrderId: preorderId, deliveryDate: `${DAY2}T00:00:00Z` };
    sb.driver.setCell({ warehouseId: 507, date: DAY2, boxTypeId: BOX, coefficient: 5, allowUnload: false });
    const closed = await a.rpc(RPC.planAdd, params, await captcha(sb));
    expect(closed.body.error).toMatchObject({
      message: "Приёмка на выбранную дату недоступна",
      data: { reason: "slot_closed" },
    });
    sb.driver.setCell({ warehouseId: 507, date: DAY2, boxTypeId: BOX, coefficient: 5, capacity: 3 });
    expect((await b.rpc(RPC.planAdd, params, await captcha(sb))).body.error?.data?.reason).toBe("preorder_not_found");
    expect((await a.rpc(RPC.planAdd, params, await captcha(sb))).body.result?.supplyID).toBeTypeOf("number");
    expect((await a.rpc(RPC.planAdd, params, await captcha(sb))).body.error?.data?.reason).toBe("already_planned");
  });

  it("asks for a monopallet count on pallet supplies", async () => {
    const sb = world();
    const s = await seller(sb);
    const { preorderId } = sb.driver.createPreorder({ supplierId: s.supplierId, warehouseId: 507, boxTypeId: 5 });
    sb.driver.setCell({ warehouseId: 507, date: DAY2, boxTypeId: 5, coefficient: 0 });
    const params = { preOrderId: preorderId, deliveryDate: `${DAY2}T00:00:00Z`, warehouseId: 507 };
    const missing = await s.rpc(RPC.planAdd, params, await captcha(sb));
    expect(missing.body.error?.data?.reason).toBe("monopallet_count_required");
    const ok = await s.rpc(RPC.planAdd, { ...params, monopalletCount: 2 }, await captcha(sb));
    expect(ok.body.result?.supplyID).toBeTypeOf("number");
  });

  it("gives the last unit of capacity to exactly one of two concurrent plan/add calls", async () => {
    const sb = world();
    sb.state.faults.latencyMs = { plan: 5 };
    const a = await seller(sb);
    const b = await seller(sb);
    const pa = sb.driver.createPreorder({ supplierId: a.supplierId, warehouseId: 507, boxTypeId: BOX });
    const pb = sb.driver.createPreorder({ supplierId: b.supplierId, warehouseId: 507, boxTypeId: BOX });
    sb.driver.setCell({ warehouseId: 507, date: DAY2, boxTypeId: BOX, coefficient: 0, capacity: 1 });
    const [ca, cb] = [await captcha(sb), await captcha(sb)];
    const results = await Promise.all([
      a.rpc(RPC.planAdd, { preOrderId: pa.preorderId, deliveryDate: `${DAY2}T00:00:00Z` }, ca),
      b.rpc(RPC.planAdd, { preOrderId: pb.preorderId, deliveryDate: `${DAY2}T00:00:00Z` }, cb),
    ]);
    const winners = results.filter((r) => r.body.result);
    const losers = results.filter((r) => r.body.error);
    expect(winners).toHaveLength(1);
    expect(losers.map((r) => r.body.error?.data?.reason)).toEqual(["no_capacity"]);
    expect(sb.driver.bookings().filter((x) => x.by === "seller")).toHaveLength(1);
    expect(sb.driver.cell(507, DAY2, BOX)).toMatchObject({ booked: 1, capacity: 1, bookable: false });
  });

  it("keeps getAcceptanceCosts working while the public feed is off", async () => {
    const sb = world();
    const s = await seller(sb);
    const { preorderId } = sb.driver.createPreorder({ supplierId: s.supplierId, warehouseId: 507, boxTypeId: BOX });
    sb.driver.setFaults({ feedOff: true });
    const costs = await s.rpc(RPC.costs, {
      dateFrom: `${DAY2}T00:00:00Z`,
      dateTo: `${DAY2}T00:00:00Z`,
      preorderID: preorderId,
    });
    expect(costs.body.result?.costs).toHaveLength(1);
  });

  it("answers a share of calls with 5xx under the errorRate fault", async () => {
    const sb = world();
    const s = await seller(sb);
    sb.driver.setFaults({ errorRate: 1 });
    expect((await sb.app.request(RPC.draftCreate, { method: "POST", body: "{}" })).status).toBe(400);
    expect((await s.call(RPC.draftCreate, {})).status).toBe(500);
  });
});
