import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "@slotpilot/db/testing";
import { NODE_RUNTIME_ENV, NODE_RUNTIME_FLAGS } from "./runtime-flags.ts";

const START = fileURLToPath(new URL("./start.ts", import.meta.url));
const BUILD = fileURLToPath(new URL("./build-product.ts", import.meta.url));

/**
 * Compiles the product the way `./slotpilot start` does (scripts/src/build-product.ts), into a
 * folder of the caller's: the path of its `start.mjs`. `more` (name → source file) compiles other
 * entries with it, each to `<name>.mjs`.
 */
export async function buildProductInto(outDir: string, more: Record<string, string> = {}): Promise<string> {
  const extra = Object.entries(more).map(([name, source]) => `${name}=${source}`);
  await new Promise<void>((resolve, reject) =>
    execFile(
      process.execPath,
      ["--experimental-import-meta-resolve", BUILD, outDir, ...extra],
      (error, _out, stderr) => (error ? reject(new Error(`building the product failed: ${stderr}`)) : resolve()),
    ),
  );
  return join(outDir, "start.mjs");
}

/**
 * `./slotpilot start` as a real process, the way an operator runs it, for tests that kill its
 * database or cut it off from Telegram: its output is kept, its HTTP port is its own. It runs the
 * TypeScript sources, or — `entry`, from `buildProductInto` — the compiled product, which is what
 * `./slotpilot start` itself runs.
 */
export async function startProduct(env: Record<string, string>, options: { entry?: string } = {}) {
  const dataDir = await mkdtemp(join(tmpdir(), "slotpilot-product-"));
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [...NODE_RUNTIME_FLAGS, options.entry ?? START], {
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      DATA_DIR: dataDir,
      PORT: String(port),
      SANDBOX_PORT: String(await freePort()),
      LOG_LEVEL: "info",
      ...NODE_RUNTIME_ENV,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString("utf8");
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString("utf8");
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;

  const until = async (what: string, check: () => boolean | Promise<boolean>, ms: number) => {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      if (child.exitCode !== null)
        throw new Error(`the product exited (${child.exitCode}) while waiting for ${what}:\n${output}`);
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting for ${what}:\n${output.slice(-4000)}`);
  };
  await until("the start banner", () => output.includes("Slotpilot is running"), 60_000);

  return {
    url,
    pid: child.pid ?? 0,
    output: () => output,
    alive: () => child.exitCode === null && child.signalCode === null,
    until,
    /** One request with a deadline; resolves with the status and the time it took. */
    async get(path: string, init: RequestInit = {}, timeoutMs = 20_000) {
      const started = Date.now();
      const res = await fetch(`${url}${path}`, { ...init, signal: AbortSignal.timeout(timeoutMs) });
      return { status: res.status, body: await res.text(), ms: Date.now() - started };
    },
    /** The pids of the WB sandbox processes it started (demo mode's stand-in for WB). */
    async sandboxes(): Promise<number[]> {
      const found: number[] = [];
      for (const pid of await childProcesses(child.pid ?? 0)) {
        const cmdline = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
        if (/sandbox\/src\/main\.ts|sandbox\.mjs/.test(cmdline)) found.push(pid);
      }
      return found;
    },
    /** SIGKILL: the product dies without a chance to clean up. */
    async kill(): Promise<void> {
      child.kill("SIGKILL");
      await exited;
      await rm(dataDir, { recursive: true, force: true });
    },
    /** SIGTERM, as a service manager stops it; resolves with the exit code and how long the stop took. */
    async stop(): Promise<{ code: number | null; ms: number }> {
      const started = Date.now();
      child.kill("SIGTERM");
      const code = await Promise.race([exited, new Promise<"hung">((r) => setTimeout(() => r("hung"), 30_000))]);
      if (code === "hung") child.kill("SIGKILL");
      await rm(dataDir, { recursive: true, force: true });
      return { code: code === "hung" ? null : code, ms: Date.now() - started };
    },
  };
}

/** Every process of a PostgreSQL cluster: its postmaster (from `postmaster.pid`) and the postmaster's children. */
export async function clusterProcesses(dataDir: string): Promise<number[]> {
  const postmaster = Number((await readFile(join(dataDir, "postmaster.pid"), "utf8")).split("\n")[0]);
  return [postmaster, ...(await childProcesses(postmaster))];
}

/** The live processes whose parent is `parent`. */
export async function childProcesses(parent: number): Promise<number[]> {
  const children: number[] = [];
  for (const entry of await readdir("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, "utf8").catch(() => "");
    // Fields after the command name (which may hold spaces): state, then the parent's pid.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(fields[1]) === parent && fields[0] !== "Z") children.push(Number(entry));
  }
  return children;
}

/** True while a process with this pid exists (and is not a zombie). */
export async function isAlive(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
  return stat !== "" && stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
}
