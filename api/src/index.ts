export { createApp, type SellerApi } from "./app.ts";
export type { ApiDeps, AppEnv } from "./context.ts";
export { type RunningApi, startApi } from "./server.ts";
