import { ConfigError, loadWorkersConfig } from "@slotpilot/config";
import { migrateToLatest, openDatabase } from "@slotpilot/db";
import { JobQueue } from "@slotpilot/jobs";
import { createLogger } from "@slotpilot/observability";
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
    notifier: config.mode === "live" ? botApiNotifier(config.botToken) : loggingNotifier(log),
    adminTelegramIds: config.env.ADMIN_TELEGRAM_IDS,
    concurrency: config.env.WORKER_CONCURRENCY,
  });
  log.info("workers running");
  const stop = async () => {
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
