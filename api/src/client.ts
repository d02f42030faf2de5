import { hc } from "hono/client";
import type { SellerApi } from "./app.ts";

export type { ErrorBody } from "./errors.ts";
export type { AdminStatus } from "./routes/admin.ts";
export type { SalesLoginBody } from "./routes/admin-sales-accounts.ts";
export type { SalesDialogBody } from "./routes/admin-sales-dialogs.ts";
export type { BillingView } from "./routes/billing.ts";
export type { MeResponse } from "./routes/me.ts";
export type { SellerSettings } from "./routes/me-settings.ts";
export type { SlotCellRow, SlotStatsResponse, SlotsResponse } from "./routes/slots.ts";
export type { TaskView } from "./routes/task-view.ts";

/**
 * The typed seller-API client shared by the Mini App and the bot. `initData` is sent as
 * `Authorization: tma <initData>`; `fetch` lets the bot call the API in-process.
 */
export function createApiClient(options: {
  baseUrl: string;
  initData: () => string;
  locale?: () => string | undefined;
  fetch?: typeof fetch;
}) {
  return hc<SellerApi>(`${options.baseUrl.replace(/\/$/, "")}/api`, {
    ...(options.fetch ? { fetch: options.fetch } : {}),
    headers: (): Record<string, string> => {
      const locale = options.locale?.();
      return { authorization: `tma ${options.initData()}`, ...(locale ? { "accept-language": locale } : {}) };
    },
  });
}

export type ApiClient = ReturnType<typeof createApiClient>;
