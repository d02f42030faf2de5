import { spawn } from "node:child_process";
import { chmod, cp, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError } from "@slotpilot/config";
import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect } from "./connect.ts";
import { isAlive } from "./embedded/alive.ts";
import { runningOn } from "./embedded/ownership.ts";
import { LEGACY_PASSWORD } from "./embedded/password.ts";
import { type EmbeddedDatabase, packagedDistribution, startEmbeddedPostgres } from "./embedded.ts";
import { freePort } from "./testing.ts";

const root = process.getuid?.() === 0;
const EMBEDDED = new URL("./embedded.ts", import.meta.url).href;
let home: string;
let runtimeDir: string;
let distribution: string;

// A checkout the `postgres` user cannot enter: a 0700 folder (as `/root` is), holding both the
// PostgreSQL binaries (as node_modules does) and the data directory.
beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "slotpilot-home-"));
  await chmod(home, 0o700);
  runtimeDir = await mkdtemp(join(tmpdir(), "slotpilot-runtime-"));
  distribution = join(home, "postgres");
  await cp(await packagedDistribution(), distribution, { recursive: true, verbatimSymlinks: true });
});
afterAll(async () => {
  // A server's last WAL segment may still be closing as the folders go (ENOTEMPTY): retry.
  await rm(home, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  await rm(runtimeDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
});

const start = (dir: string, port: number) =>
  startEmbeddedPostgres({ dir: join(home, dir, "pg"), port, distribution, runtimeDir });

async function query<T>(server: EmbeddedDatabase, text: string): Promise<T[]> {
  const db = connect(server.url, { max: 1 });
  try {
    return (await sql.raw<T>(text).execute(db)).rows;
  } finally {
    await db.destroy();
  }
}

/** The pid `postmaster.pid` in `dataDir` names (0: none), whether that process lives or not. */
async function pidFileOf(dataDir: string): Promise<number> {
  return Number((await readFile(join(dataDir, "postmaster.pid"), "utf8").catch(() => "0")).split("\n")[0]);
}

/** The pid of a process that has come and gone: what a killed `./slotpilot start` leaves behind. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""]);
  await new Promise((resolve) => child.once("exit", resolve));
  return child.pid ?? 1;
}

describe("embedded PostgreSQL", () => {
  it("runs from a checkout in a 0700 folder, keeping its data across restarts", async () => {
    const port = await freePort();
    const first = await start("a", port);
    try {
      expect(first.role).toBe("started");
      // As root the server runs as `postgres`, who cannot enter the folder: its files move out.
      if (root) expect(first.dataDir.startsWith(runtimeDir)).toBe(true);
      else expect(first.dataDir).toBe(join(home, "a", "pg"));
      await query(first, "create table kept (v text); insert into kept values ('yesterday')");
    } finally {
      await first.stop();
    }
    const again = await start("a", port);
    try {
      expect(await query(again, "select v from kept")).toEqual([{ v: "yesterday" }]);
      expect(await query(again, "show data_directory")).toEqual([{ data_directory: again.dataDir }]);
    } finally {
      await again.stop();
    }
  });

  it("starts its server again when it is killed, with what was committed, and stops it for good on stop", async () => {
    const port = await freePort();
    const events: string[] = [];
    const server = await startEmbeddedPostgres({
      dir: join(home, "k", "pg"),
      port,
      distribution,
      runtimeDir,
      onEvent: (event) => events.push(event.kind),
    });
    const db = connect(server.url, { max: 2 });
    try {
      await sql`create table kept (v text); insert into kept values ('before the crash')`.execute(db);
      // A connection open at the crash goes with the server (the pool's next ones may already
      // reach the one started again: the supervisor is quick).
      const before = new pg.Client({ connectionString: server.url });
      before.on("error", () => {});
      await before.connect();
      const killed = (await runningOn(server.dataDir))?.pid ?? 0;
      process.kill(killed, "SIGKILL");
      const end = Date.now() + 60_000;
      while (isAlive(killed) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
      expect(await before.query("select 1").catch(() => "failed")).toBe("failed");
      await before.end().catch(() => {});
      let rows: { v: string }[] = [];
      while (Date.now() < end) {
        const read = await sql<{ v: string }>`select v from kept`.execute(db).catch(() => undefined);
        if (read) {
          rows = read.rows;
          break;
        }
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(rows).toEqual([{ v: "before the crash" }]);
      expect(events).toEqual(["died", "restarted"]);
      const again = (await runningOn(server.dataDir))?.pid ?? 0;
      expect(again).not.toBe(killed);
      await db.destroy();
      await server.stop();
      expect(isAlive(again)).toBe(false);
      await new Promise((r) => setTimeout(r, 1_500));
      expect(await runningOn(server.dataDir)).toBeUndefined();
      expect(events).toEqual(["died", "restarted"]);
    } finally {
      await db.destroy().catch(() => {});
      await server.stop();
    }
  }, 90_000);

  it("adopts its own server left behind by a killed start and stops it; shares one whose owner lives", async () => {
    const port = await freePort();
    const first = await start("b", port);
    const server = await runningOn(first.dataDir);
    expect(server).toBeDefined();
    // The process that started it dies without stopping it.
    await writeFile(join(first.dataDir, "slotpilot.owner"), `${await deadPid()}\n`);
    const adopted = await start("b", port);
    expect(adopted.role).toBe("adopted");
    await adopted.stop();
    expect(isAlive(server?.pid ?? 0)).toBe(false);

    // `./slotpilot start` runs in another process; `./slotpilot chat` opens the same database.
    const owner = await start("b", port);
    const startProcess = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"]);
    try {
      await writeFile(join(owner.dataDir, "slotpilot.owner"), `${startProcess.pid}\n`);
      const chat = await start("b", port);
      expect(chat.role).toBe("shared");
      await chat.stop();
      expect(await query(owner, "select 1 as one")).toEqual([{ one: 1 }]);
    } finally {
      startProcess.kill();
      await owner.stop();
    }
  });

  it("supervises a server it adopted: stopped, it is started again on the same data and port", async () => {
    const port = await freePort();
    const dir = join(home, "r", "pg");
    // `./slotpilot start` in a process of its own, killed with SIGKILL: its server is left running.
    const owner = spawn(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `const { startEmbeddedPostgres } = await import(${JSON.stringify(EMBEDDED)});
        const server = await startEmbeddedPostgres(${JSON.stringify({ dir, port, distribution, runtimeDir })});
        process.stdout.write(JSON.stringify({ dataDir: server.dataDir }) + "\\n");
        setInterval(() => {}, 60_000);`,
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    const ready = await new Promise<string>((resolve, reject) => {
      let output = "";
      owner.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString("utf8");
        if (output.includes("\n")) resolve(output);
      });
      owner.once("exit", (code) => reject(new Error(`the owning process exited (code ${code}): ${output}`)));
    });
    const { dataDir } = JSON.parse(ready) as { dataDir: string };
    const left = (await runningOn(dataDir))?.pid ?? 0;
    owner.kill("SIGKILL");
    await new Promise((resolve) => owner.once("exit", resolve));
    expect(isAlive(left)).toBe(true);

    const events: string[] = [];
    const server = await startEmbeddedPostgres({
      dir,
      port,
      distribution,
      runtimeDir,
      onEvent: (event) => events.push(event.kind),
    });
    try {
      expect(server.role).toBe("adopted");
      await query(server, "create table kept (v text); insert into kept values ('before the stop')");
      // What the audit did: stop the adopted server by hand (a fast shutdown, which removes its pid file).
      process.kill(left, "SIGINT");
      const end = Date.now() + 30_000;
      while ((await pidFileOf(dataDir)) === left && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
      let rows: { v: string }[] | undefined;
      while (!rows && Date.now() < end) {
        rows = await query<{ v: string }>(server, "select v from kept").catch(() => undefined);
        if (!rows) await new Promise((r) => setTimeout(r, 200));
      }
      expect(rows).toEqual([{ v: "before the stop" }]);
      expect(events).toEqual(["died", "restarted"]);
      const again = await runningOn(dataDir);
      expect(again?.port).toBe(port);
      expect(again?.pid).not.toBe(left);
      await server.stop();
      expect(isAlive(again?.pid ?? 0)).toBe(false);
      expect(await runningOn(dataDir)).toBeUndefined();
    } finally {
      await server.stop();
      if (isAlive(left)) process.kill(left, "SIGQUIT");
    }
  }, 90_000);

  it("gives each cluster a random password of its own, kept 0600 in its data directory; moves an older cluster off the shared one", async () => {
    const port = await freePort();
    const logsInWith = async (password: string) => {
      const db = connect(`postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`, { max: 1 });
      try {
        await sql`select 1`.execute(db);
        return true;
      } catch {
        return false;
      } finally {
        await db.destroy();
      }
    };
    const first = await start("p", port);
    const password = decodeURIComponent(new URL(first.url).password);
    try {
      expect(password).toMatch(/^[\w-]{32}$/);
      const file = await stat(join(first.dataDir, "slotpilot.password"));
      expect(file.mode & 0o777).toBe(0o600);
      expect(await logsInWith(LEGACY_PASSWORD)).toBe(false);
      expect(await logsInWith(password)).toBe(true);
      // What a cluster made by an earlier Slotpilot looks like: the password from the source, none kept.
      await query(
        first,
        `alter role postgres password '${LEGACY_PASSWORD}'; create table kept (v text); insert into kept values ('old')`,
      );
      await rm(join(first.dataDir, "slotpilot.password"));
    } finally {
      await first.stop();
    }
    const again = await start("p", port);
    try {
      const moved = decodeURIComponent(new URL(again.url).password);
      expect(moved).not.toBe(LEGACY_PASSWORD);
      expect(moved).not.toBe(password);
      expect(await logsInWith(LEGACY_PASSWORD)).toBe(false);
      expect(await query(again, "select v from kept")).toEqual([{ v: "old" }]);
    } finally {
      await again.stop();
    }
  });

  it("refuses a port held by another cluster or another program, saying what to do", async () => {
    const port = await freePort();
    const other = await start("c", port);
    try {
      const refused = start("d", port);
      await expect(refused).rejects.toBeInstanceOf(ConfigError);
      await expect(refused).rejects.toThrow(/used by another PostgreSQL server .* set EMBEDDED_PG_PORT/);
    } finally {
      await other.stop();
    }
    const sockets: Socket[] = [];
    const busy: Server = createServer((socket) => sockets.push(socket)).listen(port, "127.0.0.1");
    try {
      await expect(start("d", port)).rejects.toThrow(/used by another program\. Set EMBEDDED_PG_PORT/);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => busy.close(resolve));
    }
  });
});
