import type { Context } from "hono";
import { Hono } from "hono";
import { toBoxTypeId } from "../box-types.ts";
import { parseDay } from "../dates.ts";
import { type EndpointGroup, latencyFor } from "../faults.ts";
import { RPC_PATHS } from "../paths.ts";
import { acceptanceCosts, PLAN_MESSAGES, type PlanResult, planAdd, planUpdate } from "../planning.ts";
import type { SandboxState } from "../state.ts";
import { type PortalContext, portalContext } from "./portal-session.ts";
import { JSON_HEADERS, sleep } from "./wb-error.ts";

type Params = Record<string, unknown>;
type RpcOutcome = { result: unknown } | { error: { code: number; message: string; data?: unknown }; status?: number };
type RpcHandler = (params: Params, ctx: PortalContext, c: Context) => RpcOutcome;

const reply = (id: unknown, outcome: RpcOutcome) => {
  const body =
    "result" in outcome ? { jsonrpc: "2.0", id, result: outcome.result } : { jsonrpc: "2.0", id, error: outcome.error };
  const status = "result" in outcome ? 200 : (outcome.status ?? 200);
  return new Response(JSON.stringify(body), { status, headers: JSON_HEADERS });
};

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
      if (state.injectError()) return new Response("Internal Server Error", { status: 500 });
      return reply(id, handler(body.params as Params, ctx, c));
    });

  route(RPC_PATHS.draftCreate, "rpc", (_params, ctx) => {
    const draft = state.accounts.createDraft(ctx.cabinet.supplierId, state.now());
    return { result: { draftID: draft.draftId } };
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
      now: state.now(),
    });
    return { result: { ids: [{ Id: supply.preorderId }] } };
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
        day,
        monopalletCount: params.monopalletCount == null ? 1 : Number(params.monopalletCount),
      }),
    );
  });

  return app;
}

/** Both captcha headers are required; a missing latency reads as a bot that skipped the challenge. */
function captchaToken(c: Context): string | undefined {
  const latency = c.req.header("x-wb-captcha-latency");
  if (latency === undefined || !/^\d+$/.test(latency)) return undefined;
  return c.req.header("x-wb-captcha-token");
}

function planReply(result: PlanResult): RpcOutcome {
  if (result.ok) return { result: { supplyID: result.supply.supplyId, preorderID: result.supply.preorderId } };
  return {
    error: { code: -32000, message: PLAN_MESSAGES[result.reason], data: { reason: result.reason } },
    status: result.reason === "captcha_invalid" ? 403 : 200,
  };
}
