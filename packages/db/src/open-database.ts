import { join } from "node:path";
import type { DatabaseConfig } from "@slotpilot/config";
import { sql } from "kysely";
import { connect, type Db } from "./connect.ts";
import type { ServerEvent } from "./embedded/supervise.ts";
import { startEmbeddedPostgres } from "./embedded.ts";

export interface OpenDatabase {
  url: string;
  db: Db;
  /** "embedded" when Slotpilot runs the server itself (started, adopted or shared); else "external". */
  kind: "embedded" | "external";
  /** Embedded only: where the cluster's files are. */
  dataDir?: string;
  close(): Promise<void>;
}

/**
 * `DATABASE_URL` when set; otherwise embedded PostgreSQL with its data under `DATA_DIR/pg`. Beside a
 * running `./slotpilot start`, `./slotpilot chat` shares its server instead of starting a second one.
 */
export async function openDatabase(
  config: DatabaseConfig,
  onLog?: (line: string) => void,
  onEvent?: (event: ServerEvent) => void,
): Promise<OpenDatabase> {
  if (config.url) {
    const db = connect(config.url);
    return { url: config.url, db, kind: "external", close: () => db.destroy() };
  }
  const server = await startEmbeddedPostgres({
    dir: join(config.dataDir, "pg"),
    port: config.embeddedPort,
    ...(onLog ? { onLog } : {}),
    ...(onEvent ? { onEvent } : {}),
  });
  try {
    await ensureDatabase(server.url, "slotpilot");
  } catch (error) {
    await server.stop();
    throw error;
  }
  const url = server.url.replace(/\/postgres$/, "/slotpilot");
  const db = connect(url);
  return {
    url,
    db,
    kind: "embedded",
    dataDir: server.dataDir,
    close: async () => {
      await db.destroy();
      await server.stop();
    },
  };
}

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const admin = connect(adminUrl, { max: 1 });
  try {
    const exists = await sql`select 1 from pg_database where datname = ${name}`.execute(admin);
    if (exists.rows.length === 0) await sql`create database ${sql.id(name)}`.execute(admin);
  } finally {
    await admin.destroy();
  }
}
