import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { type Db, listenPortalSignals } from "@slotpilot/db";
import type { Logger } from "@slotpilot/observability";
import { type PortalDriver, sandboxPortalDriver, wbPortalDriver } from "@slotpilot/portal";
import type { WbHosts } from "@slotpilot/wb";
import { BrowserPool } from "./browser-pool.ts";
import { launchPortalChromium } from "./launch.ts";
import { pgSessionStores } from "./pg-stores.ts";
import { SessionKeeper } from "./session-keeper.ts";
import { DEFAULT_KEEPER_SETTINGS, type KeeperSettings } from "./settings.ts";

export interface SessionKeeperOptions {
  db: Db;
  /** For LISTEN: the API's hints that a cabinet has news. */
  databaseUrl: string;
  encryptionKey: Buffer;
  hosts: WbHosts;
  /** The WB sandbox (demo, tests) or real WB — the driver differs (selectors, paths). */
  target: "sandbox" | "wb";
  log: Logger;
  adminTelegramIds: readonly number[];
  settings?: Partial<KeeperSettings>;
  chromiumPath?: string;
  workerId?: string;
}

export function portalDriverFor(target: "sandbox" | "wb", hosts: WbHosts): PortalDriver {
  return target === "sandbox" ? sandboxPortalDriver(hosts) : wbPortalDriver(hosts);
}

/** The production wiring: PostgreSQL stores, one Chromium, the driver for `target`. */
export async function startSessionKeeper(options: SessionKeeperOptions): Promise<SessionKeeper> {
  const log = options.log.child({ component: "session-keeper" });
  const workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const capacity = options.settings?.capacity ?? DEFAULT_KEEPER_SETTINGS.capacity;
  const pool = new BrowserPool({
    launch: () => launchPortalChromium(options.chromiumPath ? { chromiumPath: options.chromiumPath } : {}),
    capacity,
    log,
  });
  const keeper = new SessionKeeper({
    workerId,
    stores: pgSessionStores({
      db: options.db,
      encryptionKey: options.encryptionKey,
      workerId,
      adminChatIds: options.adminTelegramIds,
    }),
    pool,
    driver: portalDriverFor(options.target, options.hosts),
    log,
    settings: { ...options.settings, capacity },
    signals: (onSignal) =>
      listenPortalSignals(options.databaseUrl, onSignal, (err) => log.warn("portal signal listener error", { err })),
  });
  await keeper.start();
  log.info("session keeper running", { workerId, capacity, target: options.target });
  return keeper;
}
