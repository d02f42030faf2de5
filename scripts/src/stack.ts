import { type ApiConfig, ConfigError, loadApiConfig } from "@slotpilot/config";
import { migrateToLatest, type OpenDatabase, openDatabase, type ServerEvent } from "@slotpilot/db";
import { JobQueue } from "@slotpilot/jobs";
import { createLogger, type Logger, quietRepeats } from "@slotpilot/observability";

export interface Stack {
  config: ApiConfig;
  database: OpenDatabase;
  queue: JobQueue;
  log: Logger;
  close(): Promise<void>;
}

type Env = Record<string, string | undefined>;

/** What every entry point stands on: configuration, a migrated database and the job queue. */
export async function openStack(env: Env, options: { maintenance: boolean; quiet?: boolean }): Promise<Stack> {
  const config = loadApiConfig(env);
  const log = createLogger({ level: options.quiet ? "warn" : config.env.LOG_LEVEL });
  const database = await openDatabase(
    config.db,
    (line) => log.debug(line, { component: "postgres" }),
    (event) => logServerEvent(log.child({ component: "postgres" }), event),
  );
  await migrateToLatest(database.db);
  const queueLog = quietRepeats(log);
  const queue = await JobQueue.start(database.url, {
    maintenance: options.maintenance,
    // Each queue's workers fail every few seconds while the database is away: a line a minute.
    onError: (err) => queueLog.warn("queue error", { err }),
  });
  return {
    config,
    database,
    queue,
    log,
    close: async () => {
      await queue.stop(5000).catch(() => {});
      await database.close();
    },
  };
}

/** The embedded PostgreSQL's supervisor, in the log: it died, came back, or was given up on. */
function logServerEvent(log: Logger, event: ServerEvent): void {
  if (event.kind === "died") {
    const { kind: _kind, ...fields } = event;
    log.error("embedded PostgreSQL stopped; starting it again", fields);
  } else if (event.kind === "restarted") log.info("embedded PostgreSQL is running again", { restart: event.restart });
  else if (event.kind === "start_failed") log.warn("embedded PostgreSQL could not start again", { err: event.error });
  else log.error("embedded PostgreSQL keeps stopping; it is not started again", { restarts: event.restarts });
}

/** Runs `main`, printing a configuration problem as a plain message instead of a stack trace. */
export function runMain(main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    if (err instanceof ConfigError) console.error(err.message);
    else console.error(err);
    process.exit(1);
  });
}
