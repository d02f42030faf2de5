export {
  type BrowserState,
  captureBrowserState,
  contextStateOptions,
  parseBrowserState,
  restoreSessionStorage,
} from "./browser-state.ts";
export type {
  AcceptanceCost,
  LoginRefusal,
  LoginStep,
  PortalCabinet,
  PortalDraft,
  PortalDriver,
  PortalLogin,
  PortalPage,
  PortalRecommendation,
  PortalSlotRow,
  PortalSupply,
  PreorderRequest,
  RpcOptions,
} from "./driver.ts";
export {
  PortalError,
  PortalNotSupported,
  PortalRateLimited,
  PortalRpcError,
  PortalSessionLost,
  PortalUnavailable,
} from "./errors.ts";
export {
  type PlanAnswer,
  type PlanOptions,
  type PlanRequest,
  planParams,
  type ReplanRequest,
  replanParams,
} from "./planning.ts";
export { sandboxPortalDriver } from "./sandbox-driver.ts";
export { wbPortalDriver } from "./wb-driver.ts";
export { PLAN_CHALLENGE, RPC } from "./wb-paths.ts";
