import type { ChildProcess } from "node:child_process";
import { afterDeath, RESTART_POLICY, type RestartPolicy } from "@slotpilot/domain";
import { stopChild } from "./server.ts";

/** What the supervisor tells the log: a server that died, one started again, or restarts given up. */
export type ServerEvent =
  | { kind: "died"; code: number | null; signal: NodeJS.Signals | null; restart: number; inMs: number }
  | { kind: "restarted"; restart: number }
  | { kind: "start_failed"; error: unknown }
  | { kind: "gave_up"; restarts: number };

/**
 * Keeps the embedded server this process started running: one that dies (killed, crashed) is
 * started again on the same data and port after the policy's wait, PostgreSQL's crash recovery
 * replaying what was committed; the pools reconnect by themselves. `stop` ends it for good.
 */
export function superviseServer(options: {
  first: ChildProcess;
  start: () => Promise<ChildProcess>;
  onEvent: (event: ServerEvent) => void;
  policy?: RestartPolicy;
}): { stop(): Promise<void> } {
  const policy = options.policy ?? RESTART_POLICY;
  let current = options.first;
  let stopping = false;
  let deaths = 0;
  let pending: ReturnType<typeof setTimeout> | undefined;
  let starting: Promise<void> | undefined;

  const died = (ranMs: number, code: number | null, signal: NodeJS.Signals | null) => {
    if (stopping) return;
    const next = afterDeath(policy, deaths, ranMs);
    deaths = next.deaths;
    if (next.delayMs === undefined) {
      options.onEvent({ kind: "gave_up", restarts: policy.maxRestarts });
      return;
    }
    options.onEvent({ kind: "died", code, signal, restart: deaths, inMs: next.delayMs });
    pending = setTimeout(() => {
      pending = undefined;
      starting = restart().finally(() => {
        starting = undefined;
      });
    }, next.delayMs);
  };

  const watch = (child: ChildProcess) => {
    const startedAt = Date.now();
    child.once("exit", (code, signal) => died(Date.now() - startedAt, code, signal));
  };

  const restart = async () => {
    if (stopping) return;
    const startedAt = Date.now();
    try {
      const child = await options.start();
      current = child;
      if (stopping) return;
      watch(child);
      options.onEvent({ kind: "restarted", restart: deaths });
    } catch (error) {
      options.onEvent({ kind: "start_failed", error });
      died(Date.now() - startedAt, null, null);
    }
  };

  watch(options.first);
  return {
    stop: async () => {
      stopping = true;
      if (pending) clearTimeout(pending);
      await starting;
      await stopChild(current);
    },
  };
}
