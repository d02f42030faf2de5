export { createApp, type SellerApi } from "./app.ts";
export type { ApiDeps, AppEnv, StarsApi } from "./context.ts";
export { createEventHub, type EventHub } from "./event-hub.ts";
export { type PaddleGateway, paddleGateway } from "./paddle/gateway.ts";
export { type RunningApi, startApi } from "./server.ts";
