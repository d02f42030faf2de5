export * from "./errors.ts";
export { REAL_WB_HOSTS, type WbHosts, wbHostsFor } from "./hosts.ts";
export { createWbOfficialClient, type WbOfficialClient, type WbResult } from "./official-client.ts";
export { supplyPortalUrl } from "./portal-links.ts";
export type { CoefficientRow, SupplyDetails, SupplyListItem, Warehouse } from "./schemas.ts";
export { type TokenClaims, type TokenType, tokenClaims } from "./token.ts";
