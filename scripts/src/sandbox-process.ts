import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterDeath, RESTART_POLICY, type RestartPolicy } from "@slotpilot/domain";
import type { Logger } from "@slotpilot/observability";
import type { CreatedSeller, DemoSeed, HostName } from "@slotpilot/sandbox";
import { NODE_RUNTIME_FLAGS } from "./runtime-flags.ts";

/** What `/readyz` says about the demo's WB sandbox. */
export type SandboxCheck = "ok" | "restarting" | "down";

/** The WB sandbox a demo product talks to, running in a process of its own. */
export interface SandboxProcess {
  url: string;
  hosts: Record<HostName, string>;
  /** The demo seller (`POST /__sandbox/demo`: the same seller however often it is asked). */
  demo: DemoSeed;
  /** The sandbox seller whose token the demo's monitor reads with: the same one at every start. */
  houseSeller(): Promise<CreatedSeller>;
  /** The last SMS code the sandbox "sent" to `phone`. */
  smsCode(phone: string): Promise<string | undefined>;
  /** `ok`: it runs; `restarting`: it stopped and is being started again; `down`: restarts gave up. */
  state(): SandboxCheck;
  close(): Promise<void>;
}

/** The demo monitor's own sandbox seller (`houseSeller`). */
const HOUSE_PHONE = "+79990009999";
const HOUSE_CABINET = "Slotpilot monitor (demo only)";

const SOURCES = fileURLToPath(new URL("../../sandbox/src/main.ts", import.meta.url));
const READY_MS = 30_000;
const STOP_MS = 5_000;

/**
 * The sandbox's entry: beside the compiled product (`.build/product/sandbox.mjs`) when that is what
 * runs, its TypeScript sources otherwise.
 */
function sandboxEntry(): string {
  const running = process.argv[1];
  const compiled = running?.endsWith(".mjs") ? join(dirname(running), "sandbox.mjs") : undefined;
  return compiled && existsSync(compiled) ? compiled : SOURCES;
}

interface Spawned {
  child: ChildProcess;
  url: string;
}

/**
 * One sandbox process, up to the line that says where it listens. Its output before that is kept for
 * the error if it does not get there; its errors after it go to the log.
 */
function spawnSandbox(options: { port: number; seed: number; stateFile?: string; log: Logger }): {
  child: ChildProcess;
  ready: Promise<Spawned>;
} {
  const child: ChildProcess = spawn(process.execPath, [...NODE_RUNTIME_FLAGS, sandboxEntry()], {
    // Only what the sandbox reads: the product's secrets stay in the product.
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      SANDBOX_PORT: String(options.port),
      SANDBOX_SEED: String(options.seed),
      SANDBOX_CONTROL: "on",
      ...(options.stateFile ? { SANDBOX_STATE_FILE: options.stateFile } : {}),
    },
    stdio: ["ignore", "pipe", "pipe", "ipc"],
    // A group of its own: Ctrl+C in the terminal stops the product, which stops the sandbox last
    // (after the workers that talk to it), rather than both at once.
    detached: true,
  });
  let output = "";
  let ready = false;
  child.stdout?.on("data", (chunk: Buffer) => {
    if (!ready) output += chunk.toString("utf8");
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    const text = chunk.toString("utf8");
    if (!ready) output += text;
    else options.log.warn("the WB sandbox says", { output: text.trim().slice(0, 2000) });
  });
  const started = new Promise<Spawned>((resolve, reject) => {
    const timer = setTimeout(() => fail(`it did not start within ${READY_MS / 1000} s`), READY_MS);
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new Error(`The WB sandbox could not start: ${why}\n${output.trim().split("\n").slice(-5).join("\n")}`));
    };
    const look = () => {
      const found = /WB sandbox on (http:\/\/\S+)/.exec(output);
      if (found?.[1]) {
        clearTimeout(timer);
        ready = true;
        output = "";
        resolve({ child, url: found[1] });
      }
    };
    child.stdout?.on("data", look);
    child.once("exit", (code) => {
      if (!ready) fail(`it exited (code ${code})`);
    });
  });
  return { child, ready: started };
}

/** SIGTERM, then SIGKILL if it has not gone within `STOP_MS`. */
async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), STOP_MS);
  await exited;
  clearTimeout(timer);
}

/**
 * Starts the WB sandbox as a child process for demo mode. It stands in for Wildberries, so it lives
 * where Wildberries would — outside the product's process, reached only over HTTP — and the
 * product's memory and CPU are the product's own. The child stops with the product (and by itself
 * if the product dies: it watches the IPC channel). If it dies first, the product stays up, sees
 * what it would see of WB going away, and starts it again (domain's `RestartPolicy`) on the same port; with
 * `stateFile` the new process finds the sellers, tokens, supplies and portal sessions the last one
 * left, so the product carries on where it was, as after an outage of WB.
 */
export async function startSandboxProcess(options: {
  port: number;
  seed: number;
  log: Logger;
  stateFile?: string;
  restart?: RestartPolicy;
}): Promise<SandboxProcess> {
  const policy = options.restart ?? RESTART_POLICY;
  const first = spawnSandbox(options);
  let current = first.child;
  const { url } = await first.ready;
  // Every later start takes the port the first one got, so the product's WB hosts stay right.
  const port = Number(new URL(url).port);

  const control = async <T>(path: string, init?: RequestInit): Promise<T> => {
    const response = await fetch(`${url}/__sandbox${path}`, {
      ...init,
      headers: { "content-type": "application/json" },
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`sandbox ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };

  let closing = false;
  let state: SandboxCheck = "ok";
  /** Deaths in a row: exits and failed starts since the last run that lasted `stableMs`. */
  let deaths = 0;
  let pending: ReturnType<typeof setTimeout> | undefined;
  let demo: DemoSeed;

  const died = (startedAt: number, what: Record<string, unknown>) => {
    if (closing) return;
    const next = afterDeath(policy, deaths, Date.now() - startedAt);
    deaths = next.deaths;
    const delayMs = next.delayMs;
    if (delayMs === undefined) {
      state = "down";
      options.log.error("the WB sandbox keeps stopping; it is not restarted again, WB stays unreachable", {
        ...what,
        restarts: policy.maxRestarts,
      });
      return;
    }
    state = "restarting";
    options.log.error("the WB sandbox stopped; WB is unreachable until it is restarted", {
      ...what,
      restart: deaths,
      inMs: delayMs,
    });
    pending = setTimeout(() => void restart(), delayMs);
  };

  const watch = (child: ChildProcess) => {
    const startedAt = Date.now();
    child.once("exit", (code, signal) => died(startedAt, { code, signal }));
  };

  const restart = async () => {
    pending = undefined;
    if (closing) return;
    const startedAt = Date.now();
    const next = spawnSandbox({ ...options, port });
    current = next.child;
    try {
      await next.ready;
      if (closing) return;
      const again = await control<DemoSeed>("/demo", { method: "POST" });
      // Without its state (no file, or one it could not read) the sandbox is a new world: the
      // demo cabinet's token the product holds is no longer WB's.
      const same = again.cabinets[0]?.tokens.personal === demo.cabinets[0]?.tokens.personal;
      watch(next.child);
      state = "ok";
      if (same) options.log.info("the WB sandbox is running again, with its sellers and sessions", { restart: deaths });
      else
        options.log.warn(
          "the WB sandbox is running again as a new world: the demo cabinet's token is no longer valid",
          {
            restart: deaths,
          },
        );
    } catch (error) {
      if (closing) return;
      next.child.kill("SIGKILL");
      died(startedAt, { err: error });
    }
  };

  try {
    const [hosts, seeded] = await Promise.all([
      control<Record<HostName, string>>("/hosts"),
      control<DemoSeed>("/demo", { method: "POST" }),
    ]);
    demo = seeded;
    watch(first.child);
    return {
      url,
      hosts,
      demo,
      houseSeller: async () => {
        const seller = (cabinets: string[]) =>
          control<CreatedSeller>("/sellers", {
            method: "POST",
            body: JSON.stringify({ phone: HOUSE_PHONE, cabinets }),
          });
        // No names: the seller as the state file kept it (or a new one without cabinets yet).
        const kept = await seller([]);
        return kept.cabinets.length > 0 ? kept : seller([HOUSE_CABINET]);
      },
      smsCode: async (phone) => {
        const response = await fetch(`${url}/__sandbox/sms?phone=${encodeURIComponent(phone)}`, {
          signal: AbortSignal.timeout(10_000),
        });
        return response.ok ? ((await response.json()) as { code: string }).code : undefined;
      },
      state: () => state,
      close: async () => {
        closing = true;
        if (pending) clearTimeout(pending);
        await stopChild(current);
      },
    };
  } catch (error) {
    closing = true;
    first.child.kill("SIGKILL");
    throw error;
  }
}
