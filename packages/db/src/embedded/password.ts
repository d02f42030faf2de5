import { randomBytes } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ConfigError } from "@slotpilot/config";
import pg from "pg";
import { embeddedUrl, USER } from "./server.ts";

/**
 * The embedded cluster's superuser password: random, made when the cluster is, and kept in its own
 * data directory (mode 0600, inside the server's 0700 folder), so only the account that runs
 * Slotpilot (or root) can read it — not every local user who can reach 127.0.0.1.
 */
const FILE = "slotpilot.password";

/** What clusters made before per-cluster passwords were created with (in the source, hence replaced). */
export const LEGACY_PASSWORD = "slotpilot-local";

export const newPassword = () => randomBytes(24).toString("base64url");

/** The password kept in `dataDir`, or "" where none is (a cluster from before they were kept). */
const keptPassword = async (dataDir: string) => (await readFile(join(dataDir, FILE), "utf8").catch(() => "")).trim();

/** The password kept for the cluster in `dataDir`; a cluster from before it was kept: the legacy one. */
export async function passwordOf(dataDir: string): Promise<string> {
  return (await keptPassword(dataDir)) || LEGACY_PASSWORD;
}

export async function keepPassword(dataDir: string, password: string): Promise<void> {
  await writeFile(join(dataDir, FILE), `${password}\n`, { mode: 0o600 });
}

/**
 * Makes sure the server on `port` (this process's own: started or adopted) takes the password kept
 * for `dataDir`. A cluster made with the legacy password gets a random one: the new password is
 * kept first, then set, so a process killed in between finds the cluster still on the legacy one
 * and finishes the change next time. Returns the password to connect with.
 */
export async function settlePassword(dataDir: string, port: number): Promise<string> {
  const kept = await keptPassword(dataDir);
  if (kept) {
    const answer = await logsIn(port, kept);
    if (answer === true) return kept;
    if (answer === undefined)
      throw new ConfigError(`The embedded PostgreSQL in ${dataDir} does not answer on port ${port}.`);
  }
  const password = kept || newPassword();
  if (!kept) await keepPassword(dataDir, password);
  const client = new pg.Client({
    connectionString: embeddedUrl(port, LEGACY_PASSWORD),
    connectionTimeoutMillis: 5_000,
  });
  client.on("error", () => {});
  try {
    await client.connect();
  } catch (error) {
    void client.end().catch(() => {});
    throw new ConfigError(
      `The embedded PostgreSQL in ${dataDir} refused the password kept in ${join(dataDir, FILE)} (${(error as Error).message}). Restore that file, or move the folder away to start with a new database.`,
    );
  }
  try {
    await client.query(`alter role ${USER} password ${literal(password)}`);
  } finally {
    await client.end().catch(() => {});
  }
  return password;
}

/** A random base64url password has no quotes; quoted as a literal all the same. */
const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

/**
 * True when `password` logs in, false when the server refuses it (so it is a PostgreSQL server),
 * undefined when nothing there speaks PostgreSQL.
 */
export async function logsIn(port: number, password: string): Promise<boolean | undefined> {
  const client = new pg.Client({ connectionString: embeddedUrl(port, password), connectionTimeoutMillis: 5_000 });
  client.on("error", () => {});
  try {
    await client.connect();
    return true;
  } catch (error) {
    return (error as { code?: string }).code === "28P01" ? false : undefined;
  } finally {
    void client.end().catch(() => {});
  }
}
