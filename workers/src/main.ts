import { ConfigError, loadWorkersConfig } from "@slotpilot/config";
import { migrateToLatest, openDatabase } from "@slotpilot/db";
import { JobQueue } from "@slotpilot/jobs";
import { createLogger } from "@slotpilot/observability";
import { wbHostsFor } from "@slotpilot/wb";
import { startDialogEngine } from "./dialogs/start-dialog-engine.ts";
import { startSlotMonitor } from "./monitor/start-slot-monitor.ts";
import { runNotifier } from "./notifier/run-notifier.ts";
import { runWorkers } from "./run-workers.ts";
import { botApiNotifier, loggingNotifier } from "./telegram-notifier.ts";

/**
 * The worker process on its own (a deployment that scales workers apart from the API). SIGTERM stops
 * taking jobs and waits up to 30 s for running ones.
 */
async function main() {
  const config = loadWorkersConfig(process.env);
  const log = createLogger({ level: config.env.LOG_LEVEL, fields: { app: "workers" } });
  const database = await openDatabase(config.db);
  await migrateToLatest(database.db);
  const queue = await JobQueue.start(database.url, {
    maintenance: true,
    onError: (err) => log.warn("queue error", { err }),
  });
  await runWorkers({
    db: database.db,
    queue,
    log,
    adminTelegramIds: config.env.ADMIN_TELEGRAM_IDS,
    concurrency: config.env.WORKER_CONCURRENCY,
  });
  const notifier = await runNotifier({
    db: database.db,
    databaseUrl: database.url,
    telegram:
      config.mode === "live" ? botApiNotifier(config.botToken, config.env.TELEGRAM_API_ROOT) : loggingNotifier(log),
    log: log.child({ component: "notifier" }),
    // The API's default when PUBLIC_URL is unset (it listens on 8080 unless told otherwise).
    publicUrl: config.env.PUBLIC_URL ?? "http://localhost:8080",
    wbPortalUrl: wbHostsFor(config.env.WB_SANDBOX_URL).seller,
  });
  // The one shared slot watcher. Run a single workers process with it: each would spend the same
  // sellers' budgets.
  const monitor = await startSlotMonitor({
    db: database.db,
    databaseUrl: database.url,
    encryptionKey: config.encryptionKey,
    hosts: wbHostsFor(config.env.WB_SANDBOX_URL),
    log,
  });
  const sales = await startDialogEngine({
    db: database.db,
    sales: config.sales,
    encryptionKey: config.encryptionKey,
    adminTelegramIds: config.env.ADMIN_TELEGRAM_IDS,
    log,
  });
  log.info("workers running", { sales: sales.summary });
  const stop = async () => {
    await sales.stop();
    await monitor.stop();
    await notifier.stop();
    await queue.stop(30_000);
    await database.close();
    process.exit(0);
  };
  process.once("SIGTERM", () => void stop());
  process.once("SIGINT", () => void stop());
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
