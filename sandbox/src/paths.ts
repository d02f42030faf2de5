/**
 * Where each simulated WB host lives on the sandbox's single port. Cookies are set for `/`, so
 * they travel between these prefixes the way WB's `.wildberries.ru` cookies travel between hosts.
 */
export const HOST_PREFIXES = {
  "common-api": "/common-api",
  "supplies-api": "/supplies-api",
  seller: "/seller",
  "seller-auth": "/seller-auth",
  "seller-supply": "/seller-supply",
  pow: "/pow",
} as const;

export type HostName = keyof typeof HOST_PREFIXES;

export function hostsFor(origin: string): Record<HostName, string> {
  const base = origin.replace(/\/$/, "");
  return Object.fromEntries(
    Object.entries(HOST_PREFIXES).map(([name, prefix]) => [name, `${base}${prefix}`]),
  ) as Record<HostName, string>;
}

export const RPC_PATHS = {
  draftCreate: "/ns/sm-draft/supply-manager/api/v1/draft/create",
  draftGoods: "/ns/sm-draft/supply-manager/api/v1/draft/UpdateDraftGoods",
  draftList: "/ns/sm-draft/supply-manager/api/v1/draft/listDrafts",
  supplyList: "/ns/sm-supply/supply-manager/api/v1/supply/listSupplies",
  supplyCreate: "/ns/sm-supply/supply-manager/api/v1/supply/create",
  /** NOT A KNOWN WB METHOD: FACTS.md names no way to remove a preorder; the sandbox's own guess. */
  supplyDelete: "/ns/sm-supply/supply-manager/api/v1/supply/delete",
  acceptanceCosts: "/ns/sm-supply/supply-manager/api/v1/supply/getAcceptanceCosts",
  coefficientsReport: "/ns/sm-supply/supply-manager/api/v1/supply/acceptanceCoefficientsReport",
  recommendations: "/ns/sm-recommendations/supply-manager/api/v1/recommendations/getRecommendationsForWarehouses",
  planAdd: "/ns/sm/supply-manager/api/v1/plan/add",
  planUpdate: "/ns/sm/supply-manager/api/v1/plan/update",
} as const;

export const POW_PATHS = {
  getTask: "/api/v1/short/get-task",
  verifyAnswer: "/api/v1/short/verify-answer",
} as const;

export const AUTH_PATHS = {
  login: "/ru/",
  phone: "/ru/phone",
  captcha: "/ru/captcha",
  code: "/ru/code",
  headerToken: "/auth/v2/auth/slide-v3",
  logout: "/ru/logout",
} as const;

export const PORTAL_PATHS = {
  supplies: "/supplies-management/all-supplies",
  supplyDetail: "/supplies-management/all-supplies/supply-detail",
  switchSupplier: "/supplier/switch",
} as const;

export const COOKIES = {
  session: "WBTokenV3",
  device: "wbx-validation-key",
  refresh: "wbx-refresh",
  supplier: "x-supplier-id",
} as const;
