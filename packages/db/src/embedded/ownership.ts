import { readFile, realpath, rm, writeFile } from "node:fs/promises";
import { connect as connectSocket } from "node:net";
import { join } from "node:path";
import pg from "pg";
import { isAlive } from "./alive.ts";
import { embeddedUrl } from "./server.ts";

/** A server already running on a data directory, as its `postmaster.pid` says. */
export interface RunningServer {
  pid: number;
  port: number;
}

/** The server whose `postmaster.pid` is in `dir`, if it is still alive. */
export async function runningOn(dir: string): Promise<RunningServer | undefined> {
  const text = await readFile(join(dir, "postmaster.pid"), "utf8").catch(() => undefined);
  const [pid, , , port] = text?.split("\n") ?? [];
  const server = { pid: Number(pid), port: Number(port) };
  if (!Number.isSafeInteger(server.pid) || !Number.isSafeInteger(server.port) || server.pid <= 0) return undefined;
  return isAlive(server.pid) ? server : undefined;
}

// Which Slotpilot process started (or adopted) the server: the one that stops it.
const OWNER = "slotpilot.owner";

export async function ownerOf(dir: string): Promise<number | undefined> {
  const pid = Number((await readFile(join(dir, OWNER), "utf8").catch(() => "")).trim());
  return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
}

export async function claimOwnership(dir: string): Promise<void> {
  await writeFile(join(dir, OWNER), `${process.pid}\n`);
}

export async function releaseOwnership(dir: string): Promise<void> {
  if ((await ownerOf(dir)) === process.pid) await rm(join(dir, OWNER), { force: true });
}

/** Whether anything accepts TCP connections on this loopback port. */
export function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connectSocket({ host: "127.0.0.1", port });
    socket.setTimeout(1000);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("timeout", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** The data directory of the PostgreSQL server on `port`, if it lets us in with `password`. */
export async function dataDirectoryOn(port: number, password: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: embeddedUrl(port, password), connectionTimeoutMillis: 2000 });
  client.on("error", () => {});
  try {
    await client.connect();
  } catch {
    // Never connected: there is nothing to end gracefully (and waiting for it could hang).
    void client.end().catch(() => {});
    return undefined;
  }
  try {
    const { rows } = await client.query<{ data_directory: string }>("show data_directory");
    return rows[0]?.data_directory;
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => {});
  }
}

export async function samePath(a: string, b: string): Promise<boolean> {
  const real = (p: string) => realpath(p).catch(() => p);
  return (await real(a)) === (await real(b));
}
