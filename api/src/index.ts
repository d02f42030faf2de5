export { createApp, type SellerApi } from "./app.ts";
export type { ApiDeps, AppEnv } from "./context.ts";
export { createEventHub, type EventHub } from "./event-hub.ts";
export { type RunningApi, startApi } from "./server.ts";
