import { DEFAULT_RECYCLE_WINDOW, type RecycleWindow } from "@slotpilot/domain";

/** How the session keeper paces itself. Defaults are production's; tests shorten the clocks. */
export interface KeeperSettings {
  /** A worker that stops renewing loses its cabinets this long after its last heartbeat. */
  leaseTtlMs: number;
  /** A login waiting for the seller longer than this is stopped. */
  loginTimeoutMs: number;
  /** Every session's health is checked this often (the portal reloaded). */
  healthEveryMs: number;
  /** The header token is renewed this long before it expires. */
  headerMarginMs: number;
  /** First re-login from saved state waits this long, each next one twice as long. */
  reloginBaseMs: number;
  /** Contexts are recycled once a day inside this Moscow-time window. */
  recycleWindow: RecycleWindow;
  /** Past this (worker + Chromium, PSS where known), every context is recycled; null: never. */
  memoryLimitBytes: number | null;
  /** How often memory is looked at; after a recycle for memory, the next waits ten times as long. */
  memoryEveryMs: number;
  /** The keeper's loop: how often it looks at its cabinets when nothing wakes it. */
  tickMs: number;
  /** Cabinets whose browser work runs at the same time (logins, checks, recycles). */
  parallel: number;
  /** Cabinets this worker holds at most (one context each). */
  capacity: number;
}

export const DEFAULT_KEEPER_SETTINGS: KeeperSettings = {
  leaseTtlMs: 90_000,
  loginTimeoutMs: 10 * 60_000,
  healthEveryMs: 60 * 60_000,
  headerMarginMs: 60_000,
  reloginBaseMs: 30_000,
  recycleWindow: DEFAULT_RECYCLE_WINDOW,
  memoryLimitBytes: null,
  memoryEveryMs: 60_000,
  tickMs: 1_000,
  parallel: 4,
  capacity: 50,
};
