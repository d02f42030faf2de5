import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { Hono } from "hono";
import { createApp } from "./app.ts";
import { createClock } from "./clock.ts";
import { SandboxDriver } from "./driver.ts";
import type { Faults } from "./faults.ts";
import { type HostName, hostsFor } from "./paths.ts";
import type { Scenario } from "./scenario.ts";
import { type LoadResult, stateFile } from "./snapshot.ts";
import { SandboxState } from "./state.ts";
import { STEP_MS } from "./world.ts";

export { type DemoSeed, seedDemo } from "./demo.ts";
export { describeDemo } from "./describe-demo.ts";
export type { CellInput, CellView, CreatedSeller } from "./driver.ts";
export { ControlError, SandboxDriver } from "./driver.ts";
export type { Faults, FaultsPatch } from "./faults.ts";
export { AUTH_PATHS, COOKIES, HOST_PREFIXES, type HostName, PORTAL_PATHS, POW_PATHS, RPC_PATHS } from "./paths.ts";
export { solvePow } from "./pow.ts";
export type { Scenario } from "./scenario.ts";
export { scenarioSchema } from "./scenario.ts";
export type { LoadResult } from "./snapshot.ts";
export type { BookingRecord } from "./world.ts";
export { STEP_MS } from "./world.ts";

export interface SandboxOptions {
  /** 0 picks a free port; default 8090. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Seed of the world; default 42. */
  seed?: number;
  /** Mount the `/__sandbox` control API; default false. */
  control?: boolean;
  /** Loaded right after start. */
  scenario?: Scenario;
  /** True (default): the world follows real time on a timer. False: the clock moves only via `control.advance` / `tick`. */
  autoRun?: boolean;
  /** World start time (ms or Date); with autoRun false it fixes every date, making runs comparable. */
  startTime?: number | Date;
  /** Faults in place from the start (and after every reset). */
  faults?: Partial<Faults>;
  /**
   * A file that keeps sellers, tokens, supplies and portal sessions across restarts of the process
   * (`snapshot.ts`): restored at start when present, written whenever they change.
   */
  stateFile?: string;
}

export interface Sandbox {
  /** Base URL actually listened on, e.g. `http://127.0.0.1:8090`. */
  url: string;
  /** Base URL of every simulated WB host (what a WB client takes from configuration). */
  hosts: Record<HostName, string>;
  /** In-process handle: advance/tick the world, set cells, create sellers, read codes and bookings. */
  control: SandboxDriver;
  /** The Hono app, for `app.request()` without the network. */
  app: Hono;
  /** With `stateFile`: whether a previous process's state was restored. */
  restored?: LoadResult;
  close(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const autoRun = options.autoRun ?? true;
  const start = options.startTime instanceof Date ? options.startTime.getTime() : options.startTime;
  const clock = createClock({ manual: !autoRun, ...(start === undefined ? {} : { start }) });
  const state = new SandboxState({
    seed: options.seed ?? 42,
    clock,
    ...(options.faults ? { faults: options.faults } : {}),
  });
  const control = new SandboxDriver(state);
  if (options.scenario) control.loadScenario(options.scenario);
  const file = options.stateFile ? stateFile(options.stateFile, state) : undefined;
  const restored = file?.load();
  let saveFailed = false;
  const save = () => {
    try {
      file?.save();
      saveFailed = false;
    } catch (error) {
      // Said once per run of failures: the sandbox serves on, it only forgets more on a restart.
      if (!saveFailed) console.error("sandbox: could not save its state", error);
      saveFailed = true;
    }
  };

  let url = "";
  const app = createApp(control, {
    control: options.control ?? false,
    origin: () => url || undefined,
    ...(file ? { afterRequest: save } : {}),
  });
  const host = options.host ?? "127.0.0.1";
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: options.port ?? 8090, hostname: host }, () => resolve(s));
    s.once("error", reject);
  });
  const { port } = server.address() as AddressInfo;
  url = `http://${host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host}:${port}`;

  // The timer only asks the world to catch up with the clock; the steps themselves are on a fixed
  // grid, so a late timer changes nothing but when the catch-up happens.
  // Each tick also saves what in-process calls (`seedDemo`, the driver) changed since.
  const timer =
    autoRun || file
      ? setInterval(() => {
          if (autoRun) state.sync();
          save();
        }, STEP_MS)
      : undefined;
  timer?.unref();

  return {
    url,
    hosts: hostsFor(url),
    control,
    app,
    ...(restored ? { restored } : {}),
    close: () =>
      new Promise<void>((resolve, reject) => {
        if (timer) clearInterval(timer);
        save();
        server.close((error) => (error ? reject(error) : resolve()));
        if ("closeAllConnections" in server) server.closeAllConnections();
      }),
  };
}
