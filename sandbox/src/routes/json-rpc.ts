import type { Context } from "hono";
import { Hono } from "hono";
import { BOX, toBoxTypeId } from "../box-types.ts";
import { isOpen } from "../calendar.ts";
import { dayToIso, parseDay } from "../dates.ts";
import { type EndpointGroup, latencyFor } from "../faults.ts";
import { RPC_PATHS } from "../paths.ts";
import { acceptanceCosts, PLAN_MESSAGES, type PlanFailure, type PlanResult, planAdd, planUpdate } from "../planning.ts";
import type { BucketRule } from "../rate-limit.ts";
import type { SandboxState } from "../state.ts";
import { type PortalContext, portalContext } from "./portal-session.ts";
import { JSON_HEADERS, mskTime, sleep } from "./wb-error.ts";

type Params = Record<string, unknown>;
type RpcOutcome =
  | { result: unknown }
  /** A result already serialized (the all-warehouse report is the cached feed JSON). */
  | { rawResult: string }
  | { error: { code: number; message: string; data?: unknown }; status?: number };
type RpcHandler = (params: Params, ctx: PortalContext, c: Context) => RpcOutcome;

const reply = (id: unknown, outcome: RpcOutcome) => {
  if ("rawResult" in outcome) {
    return new Response(`{"jsonrpc":"2.0","id":${JSON.stringify(id)},"result":${outcome.rawResult}}`, {
      status: 200,
      headers: JSON_HEADERS,
    });
  }
  const body =
    "result" in outcome ? { jsonrpc: "2.0", id, result: outcome.result } : { jsonrpc: "2.0", id, error: outcome.error };
  const status = "result" in outcome ? 200 : (outcome.status ?? 200);
  return new Response(JSON.stringify(body), { status, headers: JSON_HEADERS });
};

/**
 * The portal's slot reports cost the seller's session a request each. WB publishes no limit for
 * them; the sandbox holds each cabinet to 6 a minute (burst 3) and answers 429 beyond, so a client
 * that polls impolitely finds out.
 */
const REPORT_RULE: BucketRule = { burst: 3, intervalMs: 10_000 };
const REPORT_PATHS = new Set<string>([RPC_PATHS.coefficientsReport, RPC_PATHS.recommendations]);

const invalid = (message: string): RpcOutcome => ({ error: { code: -32602, message }, status: 400 });

/**
 * The portal's internal JSON-RPC on `seller-supply`: `{"params":{…},"jsonrpc":"2.0","id":"json-rpc_N"}`.
 * Every call needs a live session (cookie) and a fresh `wb-seller-lk` header token; expired ones
 * get 401 so a client must refresh rather than assume sessions are eternal.
 */
export function jsonRpcRoutes(state: SandboxState): Hono {
  const app = new Hono();
  const route = (path: string, group: EndpointGroup, handler: RpcHandler) =>
    app.post(path, async (c) => {
      await sleep(latencyFor(state.faults, group));
      state.sync();
      const body = (await c.req.json().catch(() => undefined)) as { params?: unknown; id?: unknown } | undefined;
      const id = body?.id ?? null;
      if (!body || typeof body.params !== "object" || body.params === null) {
        return reply(id, { error: { code: -32700, message: "Parse error" }, status: 400 });
      }
      const ctx = portalContext(state, c);
      if (!ctx || !state.auth.headerTokenValid(c.req.header("wb-seller-lk"), ctx.session, state.now())) {
        return reply(id, { error: { code: 401, message: "Unauthorized" }, status: 401 });
      }
      const log = (status: number) =>
        state.logRequest(ctx.cabinet.supplierId, {
          method: "POST",
          path: `/seller-supply${path}`,
          tokenType: "session",
          status,
        });
      if (REPORT_PATHS.has(path)) {
        const admission = state.limiter.admit(`${ctx.cabinet.supplierId}:session:${path}`, REPORT_RULE, state.now());
        if (!admission.allowed) {
          log(429);
          return new Response(
            JSON.stringify({ jsonrpc: "2.0", id, error: { code: 429, message: "Слишком много запросов" } }),
            {
              status: 429,
              headers: { ...JSON_HEADERS, "X-Ratelimit-Retry": String(admission.retrySeconds) },
            },
          );
        }
      }
      if (state.injectError()) {
        log(500);
        return new Response("Internal Server Error", { status: 500 });
      }
      const response = reply(id, handler(body.params as Params, ctx, c));
      log(response.status);
      return response;
    });

  route(RPC_PATHS.draftCreate, "rpc", (_params, ctx) => {
    const draft = state.accounts.createDraft(ctx.cabinet.supplierId, state.now());
    return { result: { draftID: draft.draftId } };
  });

  route(RPC_PATHS.draftList, "rpc", (params, ctx) => {
    const { limit, offset } = page(params);
    const drafts = state.accounts
      .draftsOf(ctx.cabinet.supplierId)
      .sort((a, b) => b.createdAt - a.createdAt)
      .slice(offset, offset + limit)
      .map((d) => ({
        draftID: d.draftId,
        createdAt: mskTime(d.createdAt),
        barcodeQuantity: d.goods.length,
        goodQuantity: d.goods.reduce((sum, g) => sum + g.quantity, 0),
      }));
    return { result: { drafts } };
  });

  route(RPC_PATHS.supplyList, "rpc", (params, ctx) => {
    const { limit, offset } = page(params);
    const status = params.statusId == null ? undefined : Number(params.statusId);
    const supplies = state.accounts
      .suppliesOf(ctx.cabinet.supplierId)
      .filter((s) => status === undefined || s.statusId === status)
      .sort((a, b) => b.createdAt - a.createdAt || b.preorderId - a.preorderId)
      .slice(offset, offset + limit)
      .map((s) => ({
        preorderID: s.preorderId,
        supplyID: s.supplyId,
        statusID: s.statusId,
        warehouseID: s.warehouseId,
        warehouseName: state.world.calendar.byId.get(s.warehouseId)?.name ?? "",
        boxTypeID: s.boxTypeId === 0 ? null : s.boxTypeId,
        isBoxOnPallet: s.isBoxOnPallet,
        // The draft a preorder was made from (an assumption: FACTS.md does not list the fields).
        draftID: s.draftId,
        createDate: mskTime(s.createdAt),
        supplyDate: s.supplyDay === null ? null : dayToIso(s.supplyDay),
      }));
    return { result: { supplies } };
  });

  // Every warehouse's coefficients, no preorder needed: the feed's rows, from inside the portal.
  route(RPC_PATHS.coefficientsReport, "rpc", () => ({
    rawResult: `{"report":${state.world.calendar.feedJson(state.today())}}`,
  }));

  route(RPC_PATHS.recommendations, "rpc", (params, ctx) => {
    const draft = state.accounts.drafts.get(String(params.draftId));
    if (!draft || draft.supplierId !== ctx.cabinet.supplierId) return invalid("Черновик не найден");
    if (typeof params.useNewRecommendations !== "boolean") return invalid("useNewRecommendations: expects a boolean");
    const today = state.today();
    const recommendations = state.warehouses
      .filter((w) => w.boxTypes.includes(BOX))
      .map((w) => {
        const coefficients = [];
        for (let day = today; day < today + 14; day++) {
          const cell = state.world.cellAt(w.id, day, BOX);
          const open = cell !== undefined && isOpen(cell);
          coefficients.push({ date: dayToIso(day), coefficient: open ? cell.coefficient : -1, allowUnload: open });
        }
        const cheapest = Math.min(...coefficients.map((c) => (c.allowUnload ? c.coefficient : 99)));
        return {
          warehouseID: w.id,
          warehouseName: w.name,
          boxTypeID: BOX,
          logisticCoefficient: w.deliveryCoef,
          coefficients,
          cheapest,
        };
      })
      .sort((a, b) => a.cheapest - b.cheapest || a.logisticCoefficient - b.logisticCoefficient)
      .slice(0, 20)
      .map(({ cheapest: _cheapest, ...rest }) => rest);
    return { result: { recommendations } };
  });

  route(RPC_PATHS.draftGoods, "rpc", (params, ctx) => {
    const draft = state.accounts.drafts.get(String(params.draftID));
    if (!draft || draft.supplierId !== ctx.cabinet.supplierId) return invalid("Черновик не найден");
    const barcodes = params.barcodes;
    if (!Array.isArray(barcodes)) return invalid("barcodes: expects [{barcode, quantity}]");
    draft.goods = barcodes.map((b: { barcode?: unknown; quantity?: unknown }) => ({
      barcode: String(b?.barcode),
      quantity: Number(b?.quantity) || 0,
    }));
    return { result: {} };
  });

  route(RPC_PATHS.supplyCreate, "rpc", (params, ctx) => {
    const draft = state.accounts.drafts.get(String(params.draftID));
    if (!draft || draft.supplierId !== ctx.cabinet.supplierId) return invalid("Черновик не найден");
    const boxTypeId = toBoxTypeId(params.boxTypeID as number | null);
    const warehouseId = Number(params.warehouseId);
    const warehouse = state.world.calendar.byId.get(warehouseId);
    if (boxTypeId === undefined) return invalid("boxTypeID: expects 2, 5 or 6 (null for QR)");
    if (!warehouse?.boxTypes.includes(boxTypeId)) return invalid(PLAN_MESSAGES.warehouse_unavailable);
    const transit = params.transitWarehouseId == null ? null : Number(params.transitWarehouseId);
    const supply = state.accounts.createPreorder({
      supplierId: ctx.cabinet.supplierId,
      warehouseId,
      boxTypeId,
      transitWarehouseId: transit,
      draftId: draft.draftId,
      isBoxOnPallet: params.isBoxOnPallet === true,
      now: state.now(),
    });
    return { result: { ids: [{ Id: supply.preorderId }] } };
  });

  // Not a known WB method (FACTS.md names none): removes an unplanned preorder of the caller's cabinet.
  route(RPC_PATHS.supplyDelete, "rpc", (params, ctx) => {
    const preorderId = Number(params.preorderID);
    if (!Number.isSafeInteger(preorderId) || preorderId <= 0) return invalid("preorderID: expects a preorder id");
    const outcome = state.accounts.deletePreorder(ctx.cabinet.supplierId, preorderId);
    if (outcome === "not_found") return planError("preorder_not_found");
    if (outcome === "planned") return planError("already_planned");
    return { result: {} };
  });

  route(RPC_PATHS.acceptanceCosts, "rpc", (params, ctx) => {
    const supply = state.accounts.supplies.get(Number(params.preorderID));
    if (!supply || supply.supplierId !== ctx.cabinet.supplierId) return invalid(PLAN_MESSAGES.preorder_not_found);
    const from = parseDay(String(params.dateFrom));
    const to = parseDay(String(params.dateTo));
    if (from === undefined || to === undefined) return invalid("dateFrom, dateTo: expects ISO dates");
    return { result: { costs: acceptanceCosts(state, supply, from, to) } };
  });

  route(RPC_PATHS.planAdd, "plan", (params, ctx, c) => {
    const day = parseDay(String(params.deliveryDate));
    if (day === undefined) return invalid("deliveryDate: expects YYYY-MM-DDT00:00:00Z");
    return planReply(
      planAdd(state, {
        preorderId: Number(params.preOrderId),
        supplierId: ctx.cabinet.supplierId,
        captchaToken: captchaToken(c),
        caller: caller(ctx, c),
        day,
        warehouseId: params.warehouseId == null ? undefined : Number(params.warehouseId),
        monopalletCount: params.monopalletCount == null ? undefined : Number(params.monopalletCount),
      }),
    );
  });

  route(RPC_PATHS.planUpdate, "plan", (params, ctx, c) => {
    const day = parseDay(String(params.deliveryDate));
    if (day === undefined) return invalid("deliveryDate: expects YYYY-MM-DDT00:00:00Z");
    return planReply(
      planUpdate(state, {
        supplyId: Number(params.supplyID),
        supplierId: ctx.cabinet.supplierId,
        captchaToken: captchaToken(c),
        caller: caller(ctx, c),
        day,
        monopalletCount: params.monopalletCount == null ? 1 : Number(params.monopalletCount),
      }),
    );
  });

  return app;
}

const caller = (ctx: PortalContext, c: Context) => ({
  session: ctx.session.token,
  userAgent: c.req.header("user-agent"),
});

function page(params: Params): { limit: number; offset: number } {
  const limit = Number(params.limit ?? 100);
  const offset = Number(params.offset ?? 0);
  return {
    limit: Number.isInteger(limit) && limit > 0 ? Math.min(limit, 1000) : 100,
    offset: Number.isInteger(offset) && offset > 0 ? offset : 0,
  };
}

/** Both captcha headers are required; a missing latency reads as a bot that skipped the challenge. */
function captchaToken(c: Context): string | undefined {
  const latency = c.req.header("x-wb-captcha-latency");
  if (latency === undefined || !/^\d+$/.test(latency)) return undefined;
  return c.req.header("x-wb-captcha-token");
}

const planError = (reason: PlanFailure): RpcOutcome => ({
  error: { code: -32000, message: PLAN_MESSAGES[reason], data: { reason } },
});

function planReply(result: PlanResult): RpcOutcome {
  if (result.ok) return { result: { supplyID: result.supply.supplyId, preorderID: result.supply.preorderId } };
  return {
    error: { code: -32000, message: PLAN_MESSAGES[result.reason], data: { reason: result.reason } },
    status: result.reason === "captcha_invalid" ? 403 : 200,
  };
}
