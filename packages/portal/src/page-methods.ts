import type { PortalPage, RpcOptions } from "./driver.ts";
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
