import { type Db, listMonitorCabinets, listMonitorPortalSessions, singletonLock } from "@slotpilot/db";
import type { Logger } from "@slotpilot/observability";
import { createWbOfficialClient, type WbHosts } from "@slotpilot/wb";
import { type Clock, systemClock } from "./clock.ts";
import { createFeedSource } from "./feed-source.ts";
import { type MonitorDeps, runMonitor } from "./monitor.ts";
import { readPortalReport } from "./portal-report.ts";
import { createPortalSource, type PortalSourceOptions } from "./portal-source.ts";
import { watchSource } from "./source-watch.ts";
import { type PoolToken, standaloneToken, tokensFromCabinets } from "./token-pool.ts";

export interface SlotMonitorOptions {
  db: Db;
  /** For LISTEN (task changes); the same database. */
  databaseUrl: string;
  /** Opens the cabinets' sealed tokens. */
  encryptionKey: Buffer;
  hosts: Pick<WbHosts, "common-api" | "supplies-api">;
  log: Logger;
  clock?: Clock;
  /**
   * Tokens lent to the monitor outside any cabinet. Demo mode only: a sandbox seller's token so the
   * demo world is visible before anyone connects a cabinet. Never used against real WB.
   */
  houseTokens?: readonly string[];
  onDecisions?: MonitorDeps["onDecisions"];
  /** The portal-session source's pacing (tests shorten it); false leaves it out. */
  portal?: Pick<PortalSourceOptions, "budget" | "minGapMs" | "refreshMs"> | false;
}

/** Enough overlap to keep a 10 s / N pace with dozens of accounts at WB's round-trip times. */
export const MONITOR_CONCURRENT_READS = 4;

/** The production wiring: the WB feed over the opted-in cabinets' tokens, run until `stop()`. */
export function startSlotMonitor(options: SlotMonitorOptions) {
  const log = options.log.child({ component: "monitor" });
  const house: PoolToken[] = (options.houseTokens ?? []).map((t, i) =>
    standaloneToken(t, `house token ${i + 1} (demo)`),
  );
  const feed = createFeedSource({
    client: createWbOfficialClient({ hosts: options.hosts }),
    loadTokens: async () => [
      ...tokensFromCabinets(options.encryptionKey, await listMonitorCabinets(options.db), (cabinetId, err) =>
        log.warn("monitor: cannot open a cabinet's token", { cabinetId, err }),
      ),
      ...house,
    ],
    clock: options.clock ?? systemClock,
    log,
  });
  // When the feed is off or no token is usable, the portal sessions sellers lent feed the calendar.
  const watched = watchSource(feed);
  const portal =
    options.portal === false
      ? []
      : [
          createPortalSource({
            listSessions: () => listMonitorPortalSessions(options.db),
            readReport: (cabinetId, signal) => readPortalReport(options.db, cabinetId, signal),
            primaryDown: watched.down,
            clock: options.clock ?? systemClock,
            log,
            ...options.portal,
          }),
        ];
  return runMonitor({
    db: options.db,
    sources: [watched.source, ...portal],
    log,
    eventsUrl: options.databaseUrl,
    lock: singletonLock(options.databaseUrl, "slotpilot.monitor", {
      onLost: (err) => log.warn("monitor: lost its lock with the database connection; standing down", { err }),
    }),
    concurrentReads: MONITOR_CONCURRENT_READS,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.onDecisions ? { onDecisions: options.onDecisions } : {}),
  });
}
