import { ConfigError, loadWorkersConfig } from "@slotpilot/config";
import { migrateToLatest, openDatabase } from "@slotpilot/db";
import { JobQueue } from "@slotpilot/jobs";
import { createLogger, quietRepeats } from "@slotpilot/observability";
import { wbHostsFor } from "@slotpilot/wb";
import { startWorkers, wbTargetFor } from "./compose-workers.ts";

/**
 * The worker process on its own (a deployment that scales workers apart from the API). The workers
 * are the same as `./slotpilot start` runs (`startWorkers`). SIGTERM saves the portal sessions it
 * holds, frees their leases, stops taking jobs and waits up to 30 s for running ones.
 */
async function main() {
  const config = loadWorkersConfig(process.env);
  const log = createLogger({ level: config.env.LOG_LEVEL, fields: { app: "workers" } });
  const database = await openDatabase(config.db);
  await migrateToLatest(database.db);
  const queueLog = quietRepeats(log);
  const queue = await JobQueue.start(database.url, {
    maintenance: true,
    // Each queue's workers fail every few seconds while the database is away: a line a minute.
    onError: (err) => queueLog.warn("queue error", { err }),
  });
  const workers = await startWorkers({
    config,
    db: database.db,
    databaseUrl: database.url,
    queue,
    log,
    wb: { hosts: wbHostsFor(config.env.WB_SANDBOX_URL), target: wbTargetFor(config.env.WB_SANDBOX_URL) },
  });
  log.info("workers running", { summary: workers.summary });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await workers.stop();
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
