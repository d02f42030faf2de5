import type { ChildProcess } from "node:child_process";
import { afterDeath, RESTART_POLICY, type RestartPolicy } from "@slotpilot/domain";
import { isAlive } from "./alive.ts";
import { stopChild, stopPid } from "./server.ts";

/** What the supervisor tells the log: a server that died, one started again, or restarts given up. */
export type ServerEvent =
  | { kind: "died"; code: number | null; signal: NodeJS.Signals | null; restart: number; inMs: number }
  | { kind: "restarted"; restart: number }
  | { kind: "start_failed"; error: unknown }
  | { kind: "gave_up"; restarts: number };

/** The first server to keep running: one this process started, or the pid of one it adopted. */
export type FirstServer = { child: ChildProcess } | { adopted: number };

/** How often an adopted server's pid is looked at: it is no child of ours, so no exit event comes. */
const ADOPTED_POLL_MS = 500;

/** A running server as the supervisor sees it: when it exits (code and signal when known), how to stop it. */
interface Watched {
  onExit(listener: (code: number | null, signal: NodeJS.Signals | null) => void): void;
  stop(): Promise<void>;
}

/**
 * Keeps the embedded server running — one this process started, or one it adopted from a Slotpilot
 * process that died: one that dies (killed, crashed, stopped by hand) is started again, as this
 * process's own child, on the same data and port after the policy's wait, PostgreSQL's crash
 * recovery replaying what was committed; the pools reconnect by themselves. `stop` ends whichever
 * server runs at that moment, for good.
 */
export function superviseServer(options: {
  first: FirstServer;
  start: () => Promise<ChildProcess>;
  onEvent: (event: ServerEvent) => void;
  policy?: RestartPolicy;
}): { stop(): Promise<void> } {
  const policy = options.policy ?? RESTART_POLICY;
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

  const watch = (server: Watched) => {
    const startedAt = Date.now();
    server.onExit((code, signal) => died(Date.now() - startedAt, code, signal));
    return server;
  };

  const restart = async () => {
    if (stopping) return;
    const startedAt = Date.now();
    try {
      const child = await options.start();
      current = watch(started(child));
      if (stopping) return;
      options.onEvent({ kind: "restarted", restart: deaths });
    } catch (error) {
      options.onEvent({ kind: "start_failed", error });
      died(Date.now() - startedAt, null, null);
    }
  };

  const { first } = options;
  let current = watch("child" in first ? started(first.child) : adopted(first.adopted));
  return {
    stop: async () => {
      stopping = true;
      if (pending) clearTimeout(pending);
      await starting;
      await current.stop();
    },
  };
}

function started(child: ChildProcess): Watched {
  return {
    onExit: (listener) => {
      // It may have died already, between its start and this watch (while the password was settled).
      if (child.exitCode !== null || child.signalCode !== null) listener(child.exitCode, child.signalCode);
      else child.once("exit", listener);
    },
    stop: () => stopChild(child),
  };
}

/**
 * A server adopted by its pid. Its exit code is its dead parent's to read, not ours: its death is
 * seen by looking at the pid now and then (an unref'd timer: it keeps no process alive).
 */
function adopted(pid: number): Watched {
  let timer: ReturnType<typeof setInterval> | undefined;
  // Like a server this process started: if it exits without closing, the server does not outlive it.
  const stopOnExit = () => {
    if (isAlive(pid)) process.kill(pid, "SIGINT");
  };
  process.once("exit", stopOnExit);
  const forget = () => {
    clearInterval(timer);
    process.removeListener("exit", stopOnExit);
  };
  return {
    onExit: (listener) => {
      timer = setInterval(() => {
        if (isAlive(pid)) return;
        forget();
        listener(null, null);
      }, ADOPTED_POLL_MS);
      timer.unref();
    },
    stop: async () => {
      forget();
      await stopPid(pid);
    },
  };
}
