import { join } from "node:path";
import type { DatabaseConfig } from "@slotpilot/config";
import { sql } from "kysely";
import { connect, type Db } from "./connect.ts";
import { type EmbeddedDatabase, embeddedUrl, startEmbeddedPostgres } from "./embedded.ts";

export interface OpenDatabase {
  url: string;
  db: Db;
  /** "embedded" when this process started the server itself. */
  kind: "embedded" | "external";
  close(): Promise<void>;
}

/** `DATABASE_URL` when set; otherwise embedded PostgreSQL with its data under `DATA_DIR/pg`. */
export async function openDatabase(config: DatabaseConfig, onLog?: (line: string) => void): Promise<OpenDatabase> {
  if (config.url) {
    const db = connect(config.url);
    return { url: config.url, db, kind: "external", close: () => db.destroy() };
  }
  const server =
    (await alreadyRunning(config.embeddedPort)) ??
    (await startEmbeddedPostgres({
      dir: join(config.dataDir, "pg"),
      port: config.embeddedPort,
      ...(onLog ? { onLog } : {}),
    }));
  const url = server.url.replace(/\/postgres$/, "/slotpilot");
  await ensureDatabase(server.url, "slotpilot");
  const db = connect(url);
  return {
    url,
    db,
    kind: "embedded",
    close: async () => {
      await db.destroy();
      await server.stop();
    },
  };
}

/**
 * `./slotpilot chat` beside a running `./slotpilot start` shares its embedded server instead of
 * starting a second one on the same data. Such a shared server is left running on close.
 */
async function alreadyRunning(port: number): Promise<EmbeddedDatabase | undefined> {
  const url = embeddedUrl(port);
  const probe = connect(url, { max: 1 });
  try {
    await sql`select 1`.execute(probe);
    return { url, stop: async () => {} };
  } catch {
    return undefined;
  } finally {
    await probe.destroy();
  }
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
