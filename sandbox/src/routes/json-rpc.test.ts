import { launchChromium } from "@slotpilot/browser";
import type { Browser, Page } from "playwright";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BOX } from "../box-types.ts";
import { pageCaptcha, portalPage } from "../browser-test-support.ts";
import { dayOf, dayToYmd } from "../dates.ts";
import { type Sandbox, startSandbox } from "../index.ts";
import { checkAnswer, solvePow } from "../pow.ts";
import { headerToken, portalLogin, TEST_START } from "../test-support.ts";

const RPC = {
  draftCreate: "/seller-supply/ns/sm-draft/supply-manager/api/v1/draft/create",
  draftGoods: "/seller-supply/ns/sm-draft/supply-manager/api/v1/draft/UpdateDraftGoods",
  draftList: "/seller-supply/ns/sm-draft/supply-manager/api/v1/draft/listDrafts",
  supplyCreate: "/seller-supply/ns/sm-supply/supply-manager/api/v1/supply/create",
  supplyDelete: "/seller-supply/ns/sm-supply/supply-manager/api/v1/supply/delete",
  supplyList: "/seller-supply/ns/sm-supply/supply-manager/api/v1/supply/listSupplies",
  costs: "/seller-supply/ns/sm-supply/supply-manager/api/v1/supply/getAcceptanceCosts",
  report: "/seller-supply/ns/sm-supply/supply-manager/api/v1/supply/acceptanceCoefficientsReport",
  recommendations:
    "/seller-supply/ns/sm-recommendations/supply-manager/api/v1/recommendations/getRecommendationsForWarehouses",
  planAdd: "/seller-supply/ns/sm/supply-manager/api/v1/plan/add",
  planUpdate: "/seller-supply/ns/sm/supply-manager/api/v1/plan/update",
};
const DAY2 = dayToYmd(dayOf(TEST_START) + 2);
const DAY3 = dayToYmd(dayOf(TEST_START) + 3);

interface RpcBody {
  result?: {
    draftID?: string;
    ids?: { Id: number }[];
    costs?: unknown[];
    supplyID?: number;
    drafts?: { draftID: string }[];
    supplies?: Record<string, unknown>[];
    report?: Record<string, unknown>[];
    recommendations?: Record<string, unknown>[];
  };
  error?: { code: number; message: string; data?: { reason: string } };
}

let browser: Browser;
let userAgent: string;
const sandboxes: Sandbox[] = [];
beforeAll(async () => {
  browser = await launchChromium();
  const page = await browser.newPage();
  userAgent = await page.evaluate(() => navigator.userAgent);
  await page.close();
});
afterAll(async () => {
  await browser?.close();
  for (const s of sandboxes) await s.close();
});

/** A quiet sandbox on a port (so a browser can open its portal) and a manual clock. */
async function world() {
  const sandbox = await startSandbox({
    port: 0,
    autoRun: false,
    startTime: TEST_START,
    faults: { powDifficulty: 8, competitorDelayMs: null },
    scenario: { background: false },
  });
  sandboxes.push(sandbox);
  return { sandbox, app: sandbox.app, driver: sandbox.control, state: sandbox.control.state };
}

type World = Awaited<ReturnType<typeof world>>;

/**
 * A seller logged in over HTTP whose JSON-RPC calls come from the same browser as its portal page:
 * tokens are earned in that page (`captcha()`), calls carry the browser's User-Agent.
 */
async function seller(sb: World, phone?: string) {
  const created = sb.driver.createSeller(phone ? { phone } : {});
  const { jar } = await portalLogin(sb.app, sb.driver, created.phone);
  const lk = await headerToken(sb.app, jar);
  let n = 0;
  const call = (path: string, params: Record<string, unknown>, headers: Record<string, string> = {}) =>
    sb.app.request(path, {
      method: "POST",
      headers: {
        cookie: jar.header(),
        "wb-seller-lk": lk,
        "content-type": "application/json",
        "user-agent": userAgent,
        ...headers,
      },
      body: JSON.stringify({ params, jsonrpc: "2.0", id: `json-rpc_${++n}` }),
    });
  const rpc = async (path: string, params: Record<string, unknown>, headers: Record<string, string> = {}) => {
    const res = await call(path, params, headers);
    return { status: res.status, body: (await res.json()) as RpcBody };
  };
  let page: Page | undefined;
  /** A captcha token from this seller's portal page, as the page's own script earns it. */
  const captcha = async () => {
    page ??= await portalPage(browser, sb.sandbox, jar);
    return (await pageCaptcha(page)).headers;
  };
  return { ...created, supplierId: created.cabinets[0]?.supplierId ?? 0, jar, rpc, call, captcha };
}

/** get-task → solve → verify-answer over plain HTTP: what a bot outside the page would do. */
async function httpCaptcha(sb: World) {
  const task = (await (await sb.app.request("/pow/api/v1/short/get-task")).json()) as {
    id: string;
    challenge: string;
    difficulty: number;
  };
  const answer = solvePow(task.challenge, task.difficulty);
  const res = await sb.app.request("/pow/api/v1/short/verify-answer", {
    method: "POST",
    headers: { "content-type": "application/json", "user-agent": userAgent },
    body: JSON.stringify({ id: task.id, answer }),
  });
  const body = (await res.json()) as { "wb-captcha-short-token": string };
  return { "x-wb-captcha-token": body["wb-captcha-short-token"], "x-wb-captcha-latency": "850" };
}

describe("planning by JSON-RPC", () => {
  it("creates a draft and a supply, reads the costs, books with a captcha token, and the API sees it", async () => {
    const sb = await world();
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
      await s.captcha(),
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
      await s.captcha(),
    );
    expect(moved.body.error).toBeUndefined();
    expect(sb.driver.cell(507, DAY2, BOX).bookable).toBe(true);
    expect(sb.driver.supplies(s.supplierId)[0]).toMatchObject({ statusId: 2, supplyDate: `${DAY3}T00:00:00Z` });
  });

  it("refuses plan/add without a valid captcha token", async () => {
    const sb = await world();
    const s = await seller(sb);
    const { preorderId } = sb.driver.createPreorder({ supplierId: s.supplierId, warehouseId: 507, boxTypeId: BOX });
    sb.driver.setCell({ warehouseId: 507, date: DAY2, boxTypeId: BOX, coefficient: 0 });
    const params = { preOrderId: preorderId, deliveryDate: `${DAY2}T00:00:00Z` };

    const none = await s.rpc(RPC.planAdd, params);
    expect(none.status).toBe(403);
    expect(none.body.error).toMatchObject({ data: { reason: "captcha_invalid" } });
    const forged = await s.rpc(RPC.planAdd, params, { "x-wb-captcha-token": "forged", "x-wb-captcha-latency": "900" });
    expect(forged.body.error?.data?.reason).toBe("captcha_invalid");
    const headers = await s.captcha();
    const noLatency = await s.rpc(RPC.planAdd, params, { "x-wb-captcha-token": headers["x-wb-captcha-token"] ?? "" });
    expect(noLatency.body.error?.data?.reason).toBe("captcha_invalid");
    // A token is spent by its first use, and it expires after a minute.
    const once = await s.captcha();
    sb.driver.setCell({ warehouseId: 507, date: DAY2, boxTypeId: BOX, coefficient: -1 });
    expect((await s.rpc(RPC.planAdd, params, once)).body.error?.data?.reason).toBe("slot_closed");
    expect((await s.rpc(RPC.planAdd, params, once)).body.error?.data?.reason).toBe("captcha_invalid");
    const stale = await s.captcha();
    sb.driver.advance(61_000);
    expect((await s.rpc(RPC.planAdd, params, stale)).body.error?.data?.reason).toBe("captcha_invalid");
    expect(sb.driver.bookings()).toEqual([]);
  });

  it("refuses a token computed by a plain HTTP client, and a page's token used by another session or browser", async () => {
    const sb = await world();
    const a = await seller(sb);
    const b = await seller(sb);
    const { preorderId } = sb.driver.createPreorder({ supplierId: a.supplierId, warehouseId: 507, boxTypeId: BOX });
    sb.driver.setCell({ warehouseId: 507, date: DAY2, boxTypeId: BOX, coefficient: 0, capacity: 3 });
    const params = { preOrderId: preorderId, deliveryDate: `${DAY2}T00:00:00Z` };

    // today's bot: get-task, solvePow, verify-answer over HTTP. The answer is right, the token comes
    // back well-formed — and plan/add refuses it: no page measured anything.
    const plain = await httpCaptcha(sb);
    expect(plain["x-wb-captcha-token"]).toMatch(/^[\w-]{40,}$/);
    const refused = await a.rpc(RPC.planAdd, params, plain);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: -32000, data: { reason: "captcha_invalid" } });

    // A plain client that also reads a nonce off the portal page and makes up a fingerprint.
    const html = await (
      await sb.app.request("/seller/supplies-management/all-supplies", {
        headers: { cookie: a.jar.header(), "user-agent": userAgent },
      })
    ).text();
    const nonce = /name="wb-challenge" content="([^"]+)"/.exec(html)?.[1];
    expect(nonce).toBeTruthy();
    const task = (await (await sb.app.request(`/pow/api/v1/short/get-task?nonce=${nonce}`)).json()) as {
      id: string;
      challenge: string;
      difficulty: number;
    };
    const faked = await sb.app.request("/pow/api/v1/short/verify-answer", {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": userAgent },
      body: JSON.stringify({
        id: task.id,
        answer: solvePow(task.challenge, task.difficulty),
        nonce,
        fingerprint: { layout: [100, 100, 100], deviceId: "0123456789abcdef", userAgent, pageAgeMs: 500 },
      }),
    });
    const fakedToken = ((await faked.json()) as { "wb-captcha-short-token"?: string })["wb-captcha-short-token"];
    const fakedHeaders = { "x-wb-captcha-token": fakedToken ?? "", "x-wb-captcha-latency": "700" };
    expect((await a.rpc(RPC.planAdd, params, fakedHeaders)).body.error?.data?.reason).toBe("captcha_invalid");

    // A real page's token is good for its own session and browser only.
    const borrowed = await a.captcha();
    const { preorderId: other } = sb.driver.createPreorder({
      supplierId: b.supplierId,
      warehouseId: 507,
      boxTypeId: BOX,
    });
    const otherSession = await b.rpc(RPC.planAdd, { ...params, preOrderId: other }, borrowed);
    expect(otherSession.body.error?.data?.reason).toBe("captcha_invalid");
    const otherBrowser = await a.rpc(RPC.planAdd, params, { ...(await a.captcha()), "user-agent": "curl/8.5.0" });
    expect(otherBrowser.body.error?.data?.reason).toBe("captcha_invalid");
    expect(sb.driver.bookings()).toEqual([]);

    // …and with it, the same call books.
    expect((await a.rpc(RPC.planAdd, params, await a.captcha())).body.result?.supplyID).toBeTypeOf("number");
  });

  it("refuses a wrong proof-of-work answer", async () => {
    const sb = await world();
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
    const sb = await world();
    const a = await seller(sb);
    const b = await seller(sb);
    const { preorderId } = sb.driver.createPreorder({ supplierId: a.supplierId, warehouseId: 507, boxTypeId: BOX });
    const params = { preOrderId: preorderId, deliveryDate: `${DAY2}T00:00:00Z` };
    sb.driver.setCell({ warehouseId: 507, date: DAY2, boxTypeId: BOX, coefficient: 5, allowUnload: false });
    const closed = await a.rpc(RPC.planAdd, params, await a.captcha());
    expect(closed.body.error).toMatchObject({
      message: "Приёмка на выбранную дату недоступна",
      data: { reason: "slot_closed" },
    });
    sb.driver.setCell({ warehouseId: 507, date: DAY2, boxTypeId: BOX, coefficient: 5, capacity: 3 });
    expect((await b.rpc(RPC.planAdd, params, await b.captcha())).body.error?.data?.reason).toBe("preorder_not_found");
    expect((await a.rpc(RPC.planAdd, params, await a.captcha())).body.result?.supplyID).toBeTypeOf("number");
    expect((await a.rpc(RPC.planAdd, params, await a.captcha())).body.error?.data?.reason).toBe("already_planned");
  });

  it("creates a draft's preorders per warehouse (listed with their draft), and removes an unplanned one (the sandbox's own method)", async () => {
    const sb = await world();
    const a = await seller(sb);
    const b = await seller(sb);
    const draftID = (await a.rpc(RPC.draftCreate, {})).body.result?.draftID ?? "";
    const ids: number[] = [];
    for (const warehouseId of [507, 120762]) {
      const created = await a.rpc(RPC.supplyCreate, { boxTypeID: BOX, draftID, warehouseId, isBoxOnPallet: false });
      ids.push(created.body.result?.ids?.[0]?.Id ?? 0);
    }
    const [first = 0, second = 0] = ids;
    const listed = (await a.rpc(RPC.supplyList, {})).body.result?.supplies ?? [];
    expect(listed.filter((s) => s.draftID === draftID).map((s) => [s.preorderID, s.warehouseID, s.statusID])).toEqual([
      [second, 120762, 1],
      [first, 507, 1],
    ]);
    // Another cabinet cannot remove it; a bad id is bad input.
    expect((await b.rpc(RPC.supplyDelete, { preorderID: first })).body.error?.data?.reason).toBe("preorder_not_found");
    expect((await a.rpc(RPC.supplyDelete, { preorderID: "x" })).status).toBe(400);
    // A planned supply stays; an unplanned one goes, once.
    sb.driver.setCell({ warehouseId: 120762, date: DAY2, boxTypeId: BOX, coefficient: 0, capacity: 1 });
    const planned = await a.rpc(
      RPC.planAdd,
      { preOrderId: second, deliveryDate: `${DAY2}T00:00:00Z` },
      await a.captcha(),
    );
    expect(planned.body.error).toBeUndefined();
    expect((await a.rpc(RPC.supplyDelete, { preorderID: second })).body.error?.data?.reason).toBe("already_planned");
    expect((await a.rpc(RPC.supplyDelete, { preorderID: first })).body).toMatchObject({ result: {} });
    expect((await a.rpc(RPC.supplyDelete, { preorderID: first })).body.error?.data?.reason).toBe("preorder_not_found");
    const after = (await a.rpc(RPC.supplyList, {})).body.result?.supplies ?? [];
    expect(after.map((s) => s.preorderID)).toEqual([second]);
  });

  it("asks for a monopallet count on pallet supplies", async () => {
    const sb = await world();
    const s = await seller(sb);
    const { preorderId } = sb.driver.createPreorder({ supplierId: s.supplierId, warehouseId: 507, boxTypeId: 5 });
    sb.driver.setCell({ warehouseId: 507, date: DAY2, boxTypeId: 5, coefficient: 0 });
    const params = { preOrderId: preorderId, deliveryDate: `${DAY2}T00:00:00Z`, warehouseId: 507 };
    const missing = await s.rpc(RPC.planAdd, params, await s.captcha());
    expect(missing.body.error?.data?.reason).toBe("monopallet_count_required");
    const ok = await s.rpc(RPC.planAdd, { ...params, monopalletCount: 2 }, await s.captcha());
    expect(ok.body.result?.supplyID).toBeTypeOf("number");
  });

  it("gives the last unit of capacity to exactly one of two concurrent plan/add calls", async () => {
    const sb = await world();
    sb.state.faults.latencyMs = { plan: 5 };
    const a = await seller(sb);
    const b = await seller(sb);
    const pa = sb.driver.createPreorder({ supplierId: a.supplierId, warehouseId: 507, boxTypeId: BOX });
    const pb = sb.driver.createPreorder({ supplierId: b.supplierId, warehouseId: 507, boxTypeId: BOX });
    sb.driver.setCell({ warehouseId: 507, date: DAY2, boxTypeId: BOX, coefficient: 0, capacity: 1 });
    const [ca, cb] = [await a.captcha(), await b.captcha()];
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

  it("lists drafts and supplies (with isBoxOnPallet), and serves the portal's slot sources while the feed is off", async () => {
    const sb = await world();
    const s = await seller(sb);
    const { draftId } = sb.driver.createDraft({ supplierId: s.supplierId });
    const { preorderId } = sb.driver.createPreorder({
      supplierId: s.supplierId,
      warehouseId: 507,
      boxTypeId: BOX,
      isBoxOnPallet: true,
    });
    expect((await s.rpc(RPC.draftList, {})).body.result?.drafts).toEqual([
      expect.objectContaining({ draftID: draftId, goodQuantity: 0 }),
    ]);
    expect((await s.rpc(RPC.supplyList, { statusId: 1 })).body.result?.supplies).toEqual([
      expect.objectContaining({
        preorderID: preorderId,
        statusID: 1,
        warehouseID: 507,
        boxTypeID: 2,
        isBoxOnPallet: true,
      }),
    ]);

    sb.driver.setFaults({ feedOff: true });
    sb.driver.setCell({ warehouseId: 507, date: DAY2, boxTypeId: BOX, coefficient: 0 });
    const report = (await s.rpc(RPC.report, {})).body.result?.report ?? [];
    // Every warehouse, the feed's 14 days, the feed's fields.
    expect(new Set(report.map((r) => r.warehouseID)).size).toBe(147);
    expect(report).toContainEqual(
      expect.objectContaining({
        warehouseID: 507,
        date: `${DAY2}T00:00:00Z`,
        boxTypeID: 2,
        coefficient: 0,
        allowUnload: true,
      }),
    );
    const recommended = await s.rpc(RPC.recommendations, { draftId, useNewRecommendations: true });
    expect(recommended.body.result?.recommendations?.[0]).toMatchObject({
      warehouseID: 507,
      logisticCoefficient: expect.any(Number),
      coefficients: expect.arrayContaining([{ date: `${DAY2}T00:00:00Z`, coefficient: 0, allowUnload: true }]),
    });
    const foreign = await s.rpc(RPC.recommendations, { draftId: "nope", useNewRecommendations: true });
    expect(foreign.body.error?.message).toBe("Черновик не найден");

    // Reports cost the session: past 6 a minute (burst 3) the portal answers 429, and says so in its log.
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await s.rpc(RPC.report, {})).status);
    expect(statuses).toEqual([200, 200, 429]);
    const logged = sb.driver.requests(s.supplierId).filter((r) => r.path.endsWith("/acceptanceCoefficientsReport"));
    expect(logged.map((r) => [r.tokenType, r.status])).toEqual([
      ["session", 200],
      ["session", 200],
      ["session", 200],
      ["session", 429],
    ]);
  });

  it("keeps getAcceptanceCosts working while the public feed is off", async () => {
    const sb = await world();
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
    const sb = await world();
    const s = await seller(sb);
    sb.driver.setFaults({ errorRate: 1 });
    expect((await sb.app.request(RPC.draftCreate, { method: "POST", body: "{}" })).status).toBe(400);
    expect((await s.call(RPC.draftCreate, {})).status).toBe(500);
  });
});
