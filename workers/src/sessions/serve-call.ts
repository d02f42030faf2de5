import type { PortalPage } from "@slotpilot/portal";
import { PortalRateLimited, PortalRpcError, PortalSessionLost } from "@slotpilot/portal";
import { SessionNotReady } from "./cabinet-session.ts";
import type { PortalCallRequest } from "./ports.ts";

/** A call's params, checked: a call row may come from older or newer code than this. */
function param(params: unknown, name: string): unknown {
  return typeof params === "object" && params !== null ? (params as Record<string, unknown>)[name] : undefined;
}

const ymd = (v: unknown) => (typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined);

/** Runs one portal call on a warm page; unknown methods and bad params are refused, not guessed at. */
export async function runPortalCall(portal: PortalPage, call: PortalCallRequest): Promise<unknown> {
  switch (call.method) {
    case "listDrafts":
      return portal.listDrafts();
    case "listSupplies": {
      const statusId = param(call.params, "statusId");
      return portal.listSupplies(typeof statusId === "number" ? { statusId } : {});
    }
    case "coefficientsReport":
      return portal.coefficientsReport();
    case "recommendations": {
      const draftId = param(call.params, "draftId");
      if (typeof draftId !== "string") throw new BadCall("recommendations needs a draftId");
      return portal.recommendations(draftId);
    }
    case "acceptanceCosts": {
      const preorderId = param(call.params, "preorderId");
      const from = ymd(param(call.params, "dateFrom"));
      const to = ymd(param(call.params, "dateTo"));
      if (typeof preorderId !== "number" || !from || !to)
        throw new BadCall("acceptanceCosts needs preorderId, dateFrom, dateTo");
      return portal.acceptanceCosts(preorderId, from, to);
    }
    default:
      throw new BadCall(`unknown portal call ${call.method}`);
  }
}

export class BadCall extends Error {
  override name = "BadCall";
}

/** The `errors.portal.*` code a failed call reports to whoever waits for it. */
export function callErrorCode(error: unknown): string {
  if (error instanceof SessionNotReady) return "portal.not_connected";
  if (error instanceof PortalSessionLost) return "portal.session_lost";
  if (error instanceof PortalRateLimited) return "portal.rate_limited";
  if (error instanceof PortalRpcError || error instanceof BadCall) return "portal.refused";
  return "portal.unavailable";
}
