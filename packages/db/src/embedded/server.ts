import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chown, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isAlive } from "./alive.ts";
import type { RunAs } from "./postgres-user.ts";

export const USER = "postgres";

export function embeddedUrl(port: number, password: string, database = "postgres"): string {
  return `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

const ENV = { ...process.env, LC_MESSAGES: "C", LC_ALL: "C" };

/**
 * Creates a cluster in `dir` (which must exist, empty, owned by the server's user) whose superuser
 * has `password`.
 */
export async function initCluster(
  bin: string,
  dir: string,
  password: string,
  user: RunAs | undefined,
  log: (line: string) => void,
) {
  const pwfile = join(tmpdir(), `slotpilot-pw-${randomBytes(6).toString("hex")}`);
  await writeFile(pwfile, `${password}\n`, { mode: 0o600 });
  if (user) await chown(pwfile, user.uid, user.gid);
  try {
    await run(
      join(bin, "initdb"),
      [
        `--pgdata=${dir}`,
        "--auth=scram-sha-256",
        `--username=${USER}`,
        `--pwfile=${pwfile}`,
        "--encoding=UTF8",
        "--locale=C",
        "--no-instructions",
      ],
      user,
      log,
    );
  } finally {
    await rm(pwfile, { force: true });
  }
}

function run(file: string, args: string[], user: RunAs | undefined, log: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { ...user, env: ENV, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const collect = (chunk: Buffer) => {
      const text = chunk.toString("utf8");
      log(text.trim());
      if (output.length < 10_000) output += text;
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.once("error", (error) => reject(new Error(`Could not run ${file}: ${error.message}`)));
    child.once("close", (code) =>
      code === 0 ? resolve() : reject(new Error(`${file} failed (code ${code}):\n${output.slice(-2000)}`)),
    );
  });
}

/**
 * Runs the server in its own process group (so Ctrl+C reaches only Slotpilot, which closes its
 * connections first and then stops the server). Resolves once it accepts connections.
 */
export async function spawnServer(options: {
  bin: string;
  dir: string;
  port: number;
  user: RunAs | undefined;
  log: (line: string) => void;
}): Promise<ChildProcess> {
  const child = spawn(
    join(options.bin, "postgres"),
    [
      "-D",
      options.dir,
      "-p",
      String(options.port),
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      "unix_socket_directories=",
      "-c",
      "max_connections=200",
    ],
    { ...options.user, detached: true, stdio: ["ignore", "ignore", "pipe"], env: ENV },
  );
  // Should this process exit without stopping it, do not leave the server behind.
  const stopOnExit = () => child.kill("SIGINT");
  process.once("exit", stopOnExit);
  child.once("exit", () => process.removeListener("exit", stopOnExit));

  let output = "";
  await new Promise<void>((resolve, reject) => {
    child.once("error", (error) => reject(new Error(`Could not start PostgreSQL: ${error.message}`)));
    child.stderr?.on("data", (chunk: Buffer) => {
      const text = chunk.toString("utf8");
      options.log(text.trim());
      if (output.length < 10_000) output += text;
      if (text.includes("ready to accept connections")) resolve();
    });
    child.once("exit", (code) =>
      reject(
        new Error(
          `Embedded PostgreSQL exited (code ${code}) on port ${options.port} with data in ${options.dir}.\n${output.slice(-2000)}`,
        ),
      ),
    );
  });
  return child;
}

/** PostgreSQL's "fast" shutdown (roll back open transactions, exit cleanly); SIGQUIT after 15 s. */
export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGQUIT"), 15_000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGINT");
  });
}

/** The same for a server this process adopted rather than started: it is known by its pid only. */
export async function stopPid(pid: number): Promise<void> {
  const alive = () => isAlive(pid);
  if (!alive()) return;
  process.kill(pid, "SIGINT");
  const until = Date.now() + 15_000;
  while (alive() && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
  if (!alive()) return;
  // Immediate shutdown; still waited for, so that its files are let go when this returns.
  process.kill(pid, "SIGQUIT");
  const quitUntil = Date.now() + 5_000;
  while (alive() && Date.now() < quitUntil) await new Promise((r) => setTimeout(r, 100));
}
