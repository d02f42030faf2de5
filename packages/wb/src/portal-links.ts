/**
 * Where a seller finds one of their supplies in the WB seller portal (`seller` host: real WB or the
 * sandbox). The path is the portal's supply page as FACTS.md and the sandbox describe it; not
 * verified against live WB.
 */
export function supplyPortalUrl(sellerHost: string, supply: { kind: "preorder" | "draft"; id: string }): string {
  const base = sellerHost.replace(/\/$/, "");
  if (supply.kind === "preorder") {
    return `${base}/supplies-management/all-supplies/supply-detail?preorderId=${encodeURIComponent(supply.id)}`;
  }
  return `${base}/supplies-management/all-supplies`;
}
