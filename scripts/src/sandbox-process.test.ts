import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "@slotpilot/db/testing";
import type { RestartPolicy } from "@slotpilot/domain";
import { createLogger } from "@slotpilot/observability";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { childProcesses } from "./product-process.ts";
import { type SandboxProcess, startSandboxProcess } from "./sandbox-process.ts";

/** The sandbox processes this test process started (and that are still alive). */
async function sandboxes(): Promise<number[]> {
  const found: number[] = [];
  for (const pid of await childProcesses(process.pid)) {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
    if (/sandbox\/src\/main\.ts/.test(cmdline)) found.push(pid);
  }
  return found;
}

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Kills the one sandbox process running now; resolves with its pid. */
async function killSandbox(): Promise<number> {
  const [pid, ...more] = await sandboxes();
  expect(more).toEqual([]);
  if (!pid) throw new Error("no sandbox process to kill");
  process.kill(pid, "SIGKILL");
  return pid;
}

const FAST: RestartPolicy = { delaysMs: [100, 300], stableMs: 60_000, maxRestarts: 3 };

describe("the demo's WB sandbox process", () => {
  let dir: string;
  let sandbox: SandboxProcess | undefined;
  const lines: { level: string; msg: string; inMs?: number }[] = [];
  const log = createLogger({ write: (line) => lines.push(JSON.parse(line)) });
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "sandbox-process-"));
    lines.length = 0;
  });
  afterEach(async () => {
    await sandbox?.close();
    sandbox = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  it("killed, is started again on its port with its sellers and tokens; one that keeps dying is given up on, with growing waits", async () => {
    const port = await freePort();
    sandbox = await startSandboxProcess({ port, seed: 42, log, stateFile: join(dir, "state.json"), restart: FAST });
    const running = sandbox;
    const token = running.demo.cabinets[0]?.tokens.personal ?? "";
    const feed = () =>
      fetch(`${running.hosts["common-api"]}/api/tariffs/v1/acceptance/coefficients?warehouseIDs=507`, {
        headers: { Authorization: token },
      }).then((r) => r.status);
    expect(await feed()).toBe(200);
    expect(running.state()).toBe("ok");

    const killed = await killSandbox();
    await until("it to be seen gone", () => running.state() === "restarting");
    await until("it to run again", () => running.state() === "ok");
    const [again] = await sandboxes();
    expect(again).not.toBe(killed);
    // Same port, same seller: the token the product holds is still WB's.
    expect(running.url).toBe(`http://127.0.0.1:${port}`);
    expect(await feed()).toBe(200);
    expect(lines.map((l) => l.msg)).toContain("the WB sandbox is running again, with its sellers and sessions");

    // Dying again and again, it waits longer each time, then stays down.
    for (let death = 2; death <= FAST.maxRestarts; death++) {
      await killSandbox();
      await until("it to be seen gone", () => running.state() === "restarting");
      await until("it to run again", () => running.state() === "ok");
    }
    await killSandbox();
    await until("restarts to give up", () => running.state() === "down");
    await new Promise((r) => setTimeout(r, 2 * (FAST.delaysMs.at(-1) ?? 0)));
    expect(await sandboxes()).toEqual([]);
    const waits = lines.filter((l) => l.msg.startsWith("the WB sandbox stopped")).map((l) => l.inMs);
    expect(waits).toEqual([100, 300, 300]);
    expect(lines.at(-1)).toMatchObject({ level: "error", msg: expect.stringContaining("not restarted again") });
  }, 120_000);

  it("started again by a new product with the same state file, is the same world of sellers, with one house seller", async () => {
    const options = { port: await freePort(), seed: 42, log, stateFile: join(dir, "state.json") };
    sandbox = await startSandboxProcess(options);
    const house = await sandbox.houseSeller();
    expect(await sandbox.houseSeller()).toEqual(house);
    const demo = sandbox.demo;
    await sandbox.close();
    sandbox = await startSandboxProcess(options);
    expect(sandbox.demo).toEqual(demo);
    expect(await sandbox.houseSeller()).toEqual(house);
    expect(house.cabinets).toHaveLength(1);
  }, 60_000);

  it("closed while a restart waits, starts none and leaves no process behind", async () => {
    sandbox = await startSandboxProcess({
      port: await freePort(),
      seed: 42,
      log,
      restart: { ...FAST, delaysMs: [500] },
    });
    const running = sandbox;
    await killSandbox();
    await until("it to be seen gone", () => running.state() === "restarting");
    await running.close();
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await sandboxes()).toEqual([]);
  }, 60_000);
});
