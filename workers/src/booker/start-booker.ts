import { type Db, listenPortalSignals } from "@slotpilot/db";
import type { Logger } from "@slotpilot/observability";
import { createWbOfficialClient, type WbHosts } from "@slotpilot/wb";
import type { SessionKeeper } from "../sessions/session-keeper.ts";
import type { BookingStrategy } from "./book-slot.ts";
import { Booker } from "./booker.ts";
import { officialSupplies, pgBookingStore, pgDraftStore } from "./pg-store.ts";

export interface BookerOptions {
  db: Db;
  /** For LISTEN: the hand-off's "cabinet N has a booking" signal. */
  databaseUrl: string;
  encryptionKey: Buffer;
  hosts: Pick<WbHosts, "common-api" | "supplies-api">;
  keeper: SessionKeeper;
  log: Logger;
  strategy?: BookingStrategy;
  pollMs?: number;
  staleMs?: number;
  /** See `BookerDeps.primeEveryMs` (0: each booking solves its own challenge). */
  primeEveryMs?: number;
}

/** The production wiring: the booker over the keeper's warm pages, PostgreSQL and WB's official API. */
export async function startBooker(options: BookerOptions): Promise<Booker> {
  const log = options.log.child({ component: "booker" });
  const booker = new Booker({
    workerId: options.keeper.workerId,
    store: pgBookingStore(options.db),
    drafts: pgDraftStore(options.db),
    pages: { ready: () => options.keeper.status().ready, use: (id, work) => options.keeper.use(id, work) },
    official: officialSupplies(options.db, options.encryptionKey, createWbOfficialClient({ hosts: options.hosts })),
    log,
    ...(options.strategy ? { strategy: options.strategy } : {}),
    ...(options.pollMs ? { pollMs: options.pollMs } : {}),
    ...(options.staleMs ? { staleMs: options.staleMs } : {}),
    ...(options.primeEveryMs !== undefined ? { primeEveryMs: options.primeEveryMs } : {}),
    signals: (onSignal) =>
      listenPortalSignals(options.databaseUrl, onSignal, (err) => log.warn("booker: signal listener error", { err })),
  });
  await booker.start();
  log.info("booker running", {
    workerId: options.keeper.workerId,
    strategy: options.strategy ?? "rpc",
    solveAhead: options.primeEveryMs !== 0,
  });
  return booker;
}
