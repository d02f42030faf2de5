import type { PortalPage } from "@slotpilot/portal";
import type { OfficialSupplies, SupplyState } from "./ports.ts";

/**
 * The supply as WB has it now: from the official supplies API when the cabinet has a token, from
 * the portal's supplies listing otherwise. `null`: WB does not know it.
 */
export async function readSupply(
  portal: PortalPage,
  official: OfficialSupplies,
  cabinetId: number,
  preorderId: number,
): Promise<{ supply: SupplyState | null; source: "official" | "portal" }> {
  // The official API failing (WB's 5xx, its rate limit) is no reason not to look: the portal shows it too.
  const viaApi = await official(cabinetId, preorderId).catch(() => undefined);
  if (viaApi !== undefined) return { supply: viaApi, source: "official" };
  const listed = (await portal.listSupplies()).find((s) => s.preorderId === preorderId);
  return {
    supply: listed
      ? { statusId: listed.statusId, supplyDate: listed.supplyDate, supplyId: listed.supplyId, acceptanceCost: null }
      : null,
    source: "portal",
  };
}
