/** Every WB host Slotpilot talks to. Pointing Slotpilot at real WB or at the sandbox is only this. */
export interface WbHosts {
  "common-api": string;
  "supplies-api": string;
  seller: string;
  "seller-auth": string;
  "seller-supply": string;
}

/** Real WB, or a sandbox that serves each host under a path prefix of one base URL. */
export function wbHostsFor(sandboxUrl: string | undefined): WbHosts {
  if (!sandboxUrl) return REAL_WB_HOSTS;
  const base = sandboxUrl.replace(/\/$/, "");
  return {
    "common-api": `${base}/common-api`,
    "supplies-api": `${base}/supplies-api`,
    seller: `${base}/seller`,
    "seller-auth": `${base}/seller-auth`,
    "seller-supply": `${base}/seller-supply`,
  };
}

export const REAL_WB_HOSTS: WbHosts = {
  "common-api": "https://common-api.wildberries.ru",
  "supplies-api": "https://supplies-api.wildberries.ru",
  seller: "https://seller.wildberries.ru",
  "seller-auth": "https://seller-auth.wildberries.ru",
  "seller-supply": "https://seller-supply.wildberries.ru",
};
