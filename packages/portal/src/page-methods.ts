import type { PortalPage, RpcOptions } from "./driver.ts";
import { PortalRpcError, PortalUnavailable } from "./errors.ts";
import { readCosts, readDrafts, readRecommendations, readReport, readSupplies } from "./results.ts";
import { RPC } from "./wb-paths.ts";

type Call = <T>(path: string, params: Record<string, unknown>, options?: RpcOptions) => Promise<T>;

/** The portal's listings and slot sources over a driver's in-page JSON-RPC call: the same for every target. */
export function portalReads(
  call: Call,
): Pick<PortalPage, "listDrafts" | "listSupplies" | "coefficientsReport" | "recommendations" | "acceptanceCosts"> {
  return {
    listDrafts: async () => readDrafts(await call(RPC.draftList, { limit: 100 })),
    listSupplies: async (filter = {}) =>
      readSupplies(
        await call(RPC.supplyList, { limit: 1000, ...(filter.statusId ? { statusId: filter.statusId } : {}) }),
      ),
    coefficientsReport: async () => readReport(await call(RPC.coefficientsReport, {})),
    recommendations: async (draftId) =>
      readRecommendations(await call(RPC.recommendations, { draftId, useNewRecommendations: true })),
    acceptanceCosts: async (preorderId, dateFrom, dateTo) =>
      readCosts(
        await call(RPC.acceptanceCosts, {
          preorderID: preorderId,
          dateFrom: `${dateFrom}T00:00:00Z`,
          dateTo: `${dateTo}T00:00:00Z`,
        }),
      ),
  };
}

/**
 * A draft's preorders over the same in-page call: `supply/create` (FACTS.md) and the removal, which
 * FACTS.md does not name — `supply/delete {preorderID}` is the sandbox's method and, for real WB,
 * an unverified guess (README, "not verified").
 */
export function draftPreorders(call: Call): Pick<PortalPage, "createPreorder" | "deletePreorder"> {
  return {
    async createPreorder(request) {
      const result = await call<{ ids?: { Id?: unknown }[] } | null>(RPC.supplyCreate, {
        boxTypeID: request.boxTypeId === 0 ? null : request.boxTypeId,
        draftID: request.draftId,
        warehouseId: request.warehouseId,
        transitWarehouseId: null,
        isBoxOnPallet: false,
      });
      const id = result?.ids?.[0]?.Id;
      if (typeof id !== "number" || !Number.isSafeInteger(id))
        throw new PortalUnavailable("supply/create named no preorder");
      return id;
    },
    async deletePreorder(preorderId) {
      try {
        await call(RPC.supplyDelete, { preorderID: preorderId });
        return "deleted";
      } catch (error) {
        if (error instanceof PortalRpcError && error.reason === "preorder_not_found") return "gone";
        throw error;
      }
    },
  };
}
