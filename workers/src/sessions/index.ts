/**
 * Portal sessions in the workers: the browser pool (one Chromium, a context per leased cabinet),
 * the session keeper (leases with heartbeats, logins, warm pages, re-logins, recycling) and the
 * ports they reach the database through. See `SessionKeeper`.
 */
export { BrowserPool, type CabinetContext, type PoolOptions } from "./browser-pool.ts";
export { SessionNotReady } from "./cabinet-session.ts";
export { launchPortalChromium, PORTAL_CHROMIUM_ARGS } from "./launch.ts";
export { pgSessionStores, type SessionStores } from "./pg-stores.ts";
export type {
  CallInbox,
  Lease,
  LeaseStore,
  PortalCallRequest,
  SessionRecord,
  SessionStore,
  SessionUpdate,
  WorkerInfo,
} from "./ports.ts";
export { childPids, processTreeMemory, type TreeMemory } from "./process-memory.ts";
export { type KeeperDeps, type KeeperStatus, SessionKeeper } from "./session-keeper.ts";
export { DEFAULT_KEEPER_SETTINGS, type KeeperSettings } from "./settings.ts";
export { portalDriverFor, type SessionKeeperOptions, startSessionKeeper } from "./start-session-keeper.ts";
