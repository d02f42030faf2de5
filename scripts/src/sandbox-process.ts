import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Logger } from "@slotpilot/observability";
import type { CreatedSeller, DemoSeed, HostName } from "@slotpilot/sandbox";
import { NODE_RUNTIME_FLAGS } from "./runtime-flags.ts";

/** The WB sandbox a demo product talks to, running in a process of its own. */
export interface SandboxProcess {
  url: string;
  hosts: Record<HostName, string>;
  /** The demo seller (`POST /__sandbox/demo`: the same seller however often it is asked). */
  demo: DemoSeed;
  createSeller(input: { cabinets: string[] }): Promise<CreatedSeller>;
  /** The last SMS code the sandbox "sent" to `phone`. */
  smsCode(phone: string): Promise<string | undefined>;
  close(): Promise<void>;
}

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

/**
 * Starts the WB sandbox as a child process for demo mode. It stands in for Wildberries, so it lives
 * where Wildberries would — outside the product's process, reached only over HTTP — and the
 * product's memory and CPU are the product's own. The child stops with the product (and by itself
 * if the product dies: it watches the IPC channel). If it dies first, the product stays up and
 * sees what it would see of WB going away.
 */
export async function startSandboxProcess(options: {
  port: number;
  seed: number;
  log: Logger;
}): Promise<SandboxProcess> {
  const child: ChildProcess = spawn(process.execPath, [...NODE_RUNTIME_FLAGS, sandboxEntry()], {
    // Only what the sandbox reads: the product's secrets stay in the product.
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      SANDBOX_PORT: String(options.port),
      SANDBOX_SEED: String(options.seed),
      SANDBOX_CONTROL: "on",
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
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let closing = false;
  child.once("exit", (code, signal) => {
    if (ready && !closing) options.log.error("the WB sandbox stopped; WB is unreachable now", { code, signal });
  });

  const url = await new Promise<string>((resolve, reject) => {
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
        resolve(found[1]);
      }
    };
    child.stdout?.on("data", look);
    child.once("exit", (code) => fail(`it exited (code ${code})`));
  });
  ready = true;
  output = "";

  const control = async <T>(path: string, init?: RequestInit): Promise<T> => {
    const response = await fetch(`${url}/__sandbox${path}`, {
      ...init,
      headers: { "content-type": "application/json" },
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`sandbox ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  try {
    const [hosts, demo] = await Promise.all([
      control<Record<HostName, string>>("/hosts"),
      control<DemoSeed>("/demo", { method: "POST" }),
    ]);
    return {
      url,
      hosts,
      demo,
      createSeller: (input) => control<CreatedSeller>("/sellers", { method: "POST", body: JSON.stringify(input) }),
      smsCode: async (phone) => {
        const response = await fetch(`${url}/__sandbox/sms?phone=${encodeURIComponent(phone)}`, {
          signal: AbortSignal.timeout(10_000),
        });
        return response.ok ? ((await response.json()) as { code: string }).code : undefined;
      },
      close: async () => {
        closing = true;
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), STOP_MS);
        await exited;
        clearTimeout(timer);
      },
    };
  } catch (error) {
    closing = true;
    child.kill("SIGKILL");
    throw error;
  }
}
