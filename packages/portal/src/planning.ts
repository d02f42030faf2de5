import type { PortalPage, RpcOptions } from "./driver.ts";
import { PLAN_CHALLENGE, RPC } from "./wb-paths.ts";

/** One booking: plan `preorderId` on `date` at `warehouseId`. */
export interface PlanRequest {
  preorderId: number;
  /** `YYYY-MM-DD`. */
  date: string;
  warehouseId: number;
  /** WB's box type; monopallets (5) need a pallet count. */
  boxTypeId: number;
}

export interface PlanOptions {
  /** Go up to the final confirmation and stop: nothing is booked. */
  dryRun?: boolean;
}

/** One move (re-plan): WB's planned supply `supplyId` to another `date` at the same warehouse. */
export interface ReplanRequest {
  /** WB's supply id (not the preorder's): what `plan/update` names. */
  supplyId: number;
  /** `YYYY-MM-DD`. */
  date: string;
  boxTypeId: number;
}

/** WB took the plan (`supplyId` when it said it); or, in a dry run, would have been asked to. */
export interface PlanAnswer {
  supplyId: number | null;
}

const MONOPALLET = 5;

/** `plan/add`'s parameters (FACTS.md): the date at midnight UTC, pallets with their count. */
export function planParams(request: PlanRequest): Record<string, unknown> {
  return {
    preOrderId: request.preorderId,
    deliveryDate: `${request.date}T00:00:00Z`,
    warehouseId: request.warehouseId,
    // The seller's pallet count is not known to Slotpilot yet: one pallet is what WB's form pre-fills.
    ...(request.boxTypeId === MONOPALLET ? { monopalletCount: 1 } : {}),
  };
}

/** `plan/update`'s parameters (FACTS.md): the supply's id and the new date at midnight UTC. */
export function replanParams(request: ReplanRequest): Record<string, unknown> {
  return {
    supplyID: request.supplyId,
    deliveryDate: `${request.date}T00:00:00Z`,
    ...(request.boxTypeId === MONOPALLET ? { monopalletCount: 1 } : {}),
  };
}

type Call = <T>(path: string, params: Record<string, unknown>, options?: RpcOptions) => Promise<T>;

/**
 * The default strategy: the portal's own JSON-RPC `plan/add` called from inside the cabinet's live
 * page, after the page's own anti-bot challenge made its token — one round trip, no clicking. A
 * refusal throws `PortalRpcError` with WB's reason.
 */
export function planByRpc(call: Call): PortalPage["planByRpc"] {
  return async (request) => {
    const result = await call<{ supplyID?: number | null } | null>(RPC.planAdd, planParams(request), {
      captcha: PLAN_CHALLENGE,
    });
    return { supplyId: typeof result?.supplyID === "number" ? result.supplyID : null };
  };
}

/**
 * Re-plan: the portal's own `plan/update` called from inside the cabinet's live page, after the
 * page's challenge made its token (the same action as `plan/add`). Moves a planned supply to
 * another date at its warehouse; a refusal throws `PortalRpcError` with WB's reason.
 */
export function replanByRpc(call: Call): PortalPage["replanByRpc"] {
  return async (request) => {
    const result = await call<{ supplyID?: number | null } | null>(RPC.planUpdate, replanParams(request), {
      captcha: PLAN_CHALLENGE,
    });
    return { supplyId: typeof result?.supplyID === "number" ? result.supplyID : request.supplyId };
  };
}
