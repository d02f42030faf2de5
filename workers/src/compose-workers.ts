import type { WorkersConfig } from "@slotpilot/config";
import type { Db } from "@slotpilot/db";
import { parseRecycleWindow, withPaddlePriceIds } from "@slotpilot/domain";
import type { JobQueue } from "@slotpilot/jobs";
import type { Logger } from "@slotpilot/observability";
import { paddleGateway } from "@slotpilot/paddle";
import type { WbHosts } from "@slotpilot/wb";
import type { Booker } from "./booker/booker.ts";
import { startBooker } from "./booker/start-booker.ts";
import { startDialogEngine } from "./dialogs/start-dialog-engine.ts";
import { type SlotMonitorOptions, startSlotMonitor } from "./monitor/start-slot-monitor.ts";
import { runNotifier } from "./notifier/run-notifier.ts";
import { runWorkers } from "./run-workers.ts";
import { type SessionKeeper, startSessionKeeper } from "./sessions/index.ts";
import type { KeeperSettings } from "./sessions/settings.ts";
import { apiNotifier, botApi, loggingNotifier, type TelegramNotifier } from "./telegram-notifier.ts";

export interface WorkersDeps {
  config: WorkersConfig;
  db: Db;
  /** The same database, for LISTEN. */
  databaseUrl: string;
  queue: JobQueue;
  log: Logger;
  /** Where WB is: the sandbox's hosts in demo mode and tests, real WB otherwise. */
  wb: { hosts: WbHosts; target: "sandbox" | "wb" };
  /** Demo only: a sandbox seller's token that lets the monitor show the world before anyone connects. */
  houseTokens?: readonly string[];
  /** Replaces the Bot API (tests); default: the Bot API in live mode, the log in demo mode. */
  telegram?: TelegramNotifier;
  /** Overrides for tests: the keeper's clocks, the monitor's portal pacing. */
  keeper?: Partial<KeeperSettings>;
  monitor?: Pick<SlotMonitorOptions, "portal">;
  booker?: { pollMs?: number; staleMs?: number };
}

export interface RunningWorkers {
  /** Null when this process runs no browser (`PORTAL_SESSIONS=off`). */
  keeper: SessionKeeper | null;
  /** One line each for a start-up banner: what runs. */
  summary: string[];
  stop(): Promise<void>;
}

/** Where WB is for a configuration: a sandbox URL means the sandbox driver, none means real WB. */
export function wbTargetFor(sandboxUrl: string | undefined): "sandbox" | "wb" {
  return sandboxUrl ? "sandbox" : "wb";
}

/**
 * Every worker a deployable runs, in one place: `./slotpilot start` and the standalone worker
 * process both call this. A thin list of starts and their stops, in reverse — each worker's own
 * wiring lives beside it (`start*` / `run*`).
 */
export async function startWorkers(deps: WorkersDeps): Promise<RunningWorkers> {
  const { config, db, log } = deps;
  const env = config.env;
  // Live mode: one Bot API client for the notifier and the Stars subscriptions a seller replaced.
  const api = config.mode === "live" ? botApi(config.botToken, env.TELEGRAM_API_ROOT) : undefined;
  const telegram = deps.telegram ?? (api ? apiNotifier(api) : loggingNotifier(log.child({ app: "notifier" })));
  const stops: (() => Promise<void>)[] = [];
  try {
    await runWorkers({
      db,
      queue: deps.queue,
      log: log.child({ app: "workers" }),
      adminTelegramIds: config.adminTelegramIds,
      concurrency: env.WORKER_CONCURRENCY,
      catalogue: withPaddlePriceIds(config.billing.paddlePriceIds),
      ...(api ? { stars: api } : {}),
      ...(config.billing.paddle ? { paddle: paddleGateway(config.billing.paddle) } : {}),
    });

    const notifier = await runNotifier({
      db,
      databaseUrl: deps.databaseUrl,
      telegram,
      log: log.child({ app: "notifier" }),
      publicUrl: config.publicUrl,
      // Slot alerts link the seller to the portal page where the supply is planned.
      wbPortalUrl: deps.wb.hosts.seller,
    });
    stops.push(() => notifier.stop());

    const keeper = env.PORTAL_SESSIONS
      ? await startSessionKeeper({
          db,
          databaseUrl: deps.databaseUrl,
          encryptionKey: config.encryptionKey,
          hosts: deps.wb.hosts,
          target: deps.wb.target,
          log: log.child({ app: "workers" }),
          adminTelegramIds: config.adminTelegramIds,
          ...(env.CHROMIUM_PATH ? { chromiumPath: env.CHROMIUM_PATH } : {}),
          settings: {
            capacity: env.PORTAL_CAPACITY,
            leaseTtlMs: env.PORTAL_LEASE_TTL_SECONDS * 1000,
            loginTimeoutMs: env.PORTAL_LOGIN_TIMEOUT_SECONDS * 1000,
            memoryLimitBytes: env.PORTAL_MEMORY_LIMIT_MB * 1_048_576,
            ...(parseRecycleWindow(env.PORTAL_RECYCLE_WINDOW)
              ? { recycleWindow: parseRecycleWindow(env.PORTAL_RECYCLE_WINDOW) }
              : {}),
            ...deps.keeper,
          },
        })
      : null;
    if (keeper) stops.push(() => keeper.stop());

    // Books on the warm pages this process's keeper holds (none without a browser).
    const booker: Booker | null = keeper
      ? await startBooker({
          db,
          databaseUrl: deps.databaseUrl,
          encryptionKey: config.encryptionKey,
          hosts: deps.wb.hosts,
          keeper,
          log: log.child({ app: "workers" }),
          strategy: env.BOOKING_STRATEGY,
          ...(env.BOOKING_SOLVE_AHEAD === "off" ? { primeEveryMs: 0 } : {}),
          ...deps.booker,
        })
      : null;
    if (booker) stops.push(() => booker.stop());

    // The one shared slot watcher; a second process would stand by on its lock.
    const monitor = await startSlotMonitor({
      db,
      databaseUrl: deps.databaseUrl,
      encryptionKey: config.encryptionKey,
      hosts: deps.wb.hosts,
      log: log.child({ app: "workers" }),
      houseTokens: deps.houseTokens ?? [],
      // The fast path: a book decision on a cabinet this process holds is booked the moment it is stored.
      ...(booker ? { onDecisions: (decisions) => booker.offer(decisions) } : {}),
      ...deps.monitor,
    });
    stops.push(() => monitor.stop());

    // Sales dialogs: Telegram user accounts + LLM (demo: simulated Telegram and the built-in model stub).
    const sales = await startDialogEngine({
      db,
      sales: config.sales,
      encryptionKey: config.encryptionKey,
      adminTelegramIds: config.adminTelegramIds,
      log: log.child({ app: "workers" }),
    });
    stops.push(() => sales.stop());

    return {
      keeper,
      summary: [
        sales.summary,
        `Booking:   ${booker ? `booker on this process's warm pages (${env.BOOKING_STRATEGY === "rpc" ? "in-page JSON-RPC" : "clicking the UI"})` : "no booker in this process (no browser)"}`,
        `Portal:    ${keeper ? `session keeper ${keeper.workerId} (up to ${env.PORTAL_CAPACITY} cabinets, ${deps.wb.target === "wb" ? "real WB driver — not verified against live WB" : "sandbox driver"})` : "no browser in this process (PORTAL_SESSIONS=off)"}`,
      ],
      stop: async () => {
        for (const stop of stops.reverse()) await stop();
      },
    };
  } catch (error) {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    throw error;
  }
}
