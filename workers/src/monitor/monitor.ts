import {
  type AppEvent,
  type Db,
  listenEvents,
  loadSlotCells,
  loadWarehouses,
  pruneSlotDecisions,
  pruneSlotHistory,
  type SingletonLock,
} from "@slotpilot/db";
import { type FeedRow, type SlotCalendar, utcDay } from "@slotpilot/domain";
import { type Logger, quietRepeats } from "@slotpilot/observability";
import { type Clock, systemClock } from "./clock.ts";
import { MonitorHealth, type MonitorStatusView } from "./monitor-health.ts";
import {
  calendarFrom,
  decideRead,
  diffRead,
  type ReadDiff,
  type StoredDecision,
  storeRead,
  type WarehouseNames,
} from "./process-read.ts";
import type { SlotSource } from "./slot-source.ts";
import { TaskBook, type TaskBookOptions } from "./task-book.ts";

export interface MonitorDeps {
  db: Db;
  /** In order of preference: on a tie the first source that can read does. */
  sources: readonly SlotSource[];
  log: Logger;
  clock?: Clock;
  /** The database URL to LISTEN on for `task.updated` events; without it tasks reload on a timer. */
  eventsUrl?: string;
  /** With no usable source, look again this often. */
  idleRetryMs?: number;
  /** How often the status row is written (the heartbeat `/readyz` reads). */
  statusEveryMs?: number;
  tasks?: TaskBookOptions;
  /**
   * The fast path (the booker's hook): told of a read's decisions as soon as they are stored (a
   * booking for each book decision its task took), before the read's bookkeeping is written. Each
   * stored decision is told once, by the process that stored it; a booking stored by a process that
   * died before telling is in its table for the booker to claim. Must not block: the read waits.
   */
  onDecisions?: (decisions: readonly StoredDecision[], at: number) => void;
  /**
   * Held while this instance monitors (`runMonitor` only). Two monitors would spend the same
   * sellers' budgets twice, so a second process stands by until the first one's lock frees.
   */
  lock?: SingletonLock;
  /** How often a standby tries the lock. */
  standbyRetryMs?: number;
  /**
   * Reads allowed in flight at once (default 1). With many accounts the stagger (10 s / N) gets
   * shorter than a read's round trip; overlapping reads keep the pace the budgets allow.
   */
  concurrentReads?: number;
}

export interface Monitor {
  /** Loads the persisted calendar, the warehouses and the active tasks, and starts listening. */
  start(): Promise<void>;
  /** One pass: read if a source is due, else nothing. Returns how long to wait before the next pass. */
  cycle(signal: AbortSignal): Promise<number>;
  status(): MonitorStatusView;
  close(): Promise<void>;
}

/**
 * A read's outcome. Its rows are taken out once, to plan the read, so that nothing holds them while
 * the read's decisions and bookkeeping wait on the database (a whole feed each read adds up).
 */
type ReadOutcome =
  | { ok: true; rows: readonly FeedRow[] | null; via: string; at: number }
  | { ok: false; error: unknown; at: number };

const DAY_MS = 86_400_000;
const HISTORY_DAYS = 30;

/**
 * The one shared slot watcher. Most callers want `runMonitor`; tests and benchmarks drive `cycle`
 * themselves on a manual clock.
 */
export function createMonitor(deps: MonitorDeps): Monitor {
  const clock = deps.clock ?? systemClock;
  const log = deps.log;
  const tasks = new TaskBook(deps.db, log, { ...deps.tasks, events: deps.eventsUrl !== undefined });
  const health = new MonitorHealth(deps.db, log, deps.statusEveryMs ?? 5_000);
  let calendar: SlotCalendar = calendarFrom([]);
  const warehouses: WarehouseNames = new Map();
  let pruneAt = Number.NEGATIVE_INFINITY;
  let listener: { close(): Promise<void> } | undefined;
  const maxReads = Math.max(1, deps.concurrentReads ?? 1);
  const inFlight = new Set<Promise<void>>();
  let chain: Promise<void> = Promise.resolve();

  async function prune(now: number) {
    pruneAt = now + DAY_MS;
    const removed = await pruneSlotHistory(deps.db, {
      historyBefore: new Date(now - HISTORY_DAYS * DAY_MS),
      cellsBefore: utcDay(now),
    });
    const decisions = await pruneSlotDecisions(deps.db, utcDay(now));
    log.info("monitor: pruned the slot history", { ...removed, decisions });
  }

  /** The source to read next and when; null when none has anything to read with. */
  async function pick(now: number): Promise<{ source: SlotSource; at: number } | null> {
    let best: { source: SlotSource; at: number } | null = null;
    for (const source of deps.sources) {
      const at = await source.nextReadAt(now);
      if (at !== null && (!best || at < best.at)) best = { source, at };
    }
    return best;
  }

  /** The fast path. A failing hook is logged: the decisions are stored whatever it does. */
  function handOff(stored: readonly StoredDecision[], at: number): void {
    const handedOff = stored.flatMap((d) => (d.bookingId === undefined ? [] : [d.taskId]));
    tasks.handedOff(handedOff);
    if (handedOff.length > 0) log.debug("monitor: bookings handed to the booker", { bookings: handedOff.length });
    try {
      deps.onDecisions?.(stored, at);
    } catch (err) {
      log.error("monitor: the decision hook failed", { err });
    }
  }

  /** Diffs a read; the outcome gives up its rows (see ReadOutcome). */
  function diffOf(outcome: ReadOutcome & { ok: true }): ReadDiff {
    const rows = outcome.rows ?? [];
    outcome.rows = null;
    return diffRead({ calendar, rows, now: outcome.at, warehouses });
  }

  /** Applies one read's outcome. Never throws: the chain of reads must not break. */
  async function absorb(source: SlotSource, outcome: ReadOutcome, signal: AbortSignal): Promise<void> {
    if (!outcome.ok && signal.aborted) return;
    health.tried(source.name);
    if (!outcome.ok) {
      health.failed(outcome.at, source.name, outcome.error);
    } else {
      const { at, via } = outcome;
      try {
        // Diffed first: the rows can go before the tasks named since the last read are re-read.
        const diff = diffOf(outcome);
        await tasks.refresh(at);
        const starting = tasks.takeStarting();
        const read = decideRead(diff, tasks.index, { tasks: starting, calendar });
        const stored = await storeRead(deps.db, read, (list) => handOff(list, at)).catch((error: unknown) => {
          tasks.restart(starting);
          throw error;
        });
        // Only now, with both transactions committed, does the calendar move on.
        calendar.apply(read.diff);
        for (const w of read.warehouses) warehouses.set(w.id, { name: w.name, isSortingCenter: w.is_sorting_center });
        health.read(at, source.name);
        if (read.diff.changes.length > 0 || read.decisions.length > 0) {
          log.debug("monitor: read", {
            via,
            changes: read.diff.changes.length,
            decisions: read.decisions.length,
            stored: stored.length,
          });
        }
      } catch (error) {
        // The calendar stays as it was, so the next read repeats these changes; decisions stored
        // before the failure are not stored, alerted or handed off again (see storeRead).
        health.failed(at, "database", error);
      }
    }
    health.sources(deps.sources);
    await health.flush(clock.now());
  }

  return {
    async start() {
      const now = clock.now();
      calendar = calendarFrom(await loadSlotCells(deps.db, utcDay(now)));
      for (const w of await loadWarehouses(deps.db)) {
        warehouses.set(w.id, { name: w.name, isSortingCenter: w.is_sorting_center });
      }
      // Listening before the tasks load: a change committed meanwhile is named by its event.
      if (deps.eventsUrl) {
        listener = await listenEvents(
          deps.eventsUrl,
          (event: AppEvent) => {
            if (event.type === "task.updated") tasks.taskUpdated(event.taskId, event.status, event.revision);
          },
          (err) => log.warn("monitor: event listener error", { err }),
          {
            types: ["task.updated"],
            onReconnect: () => {
              log.info("monitor: listening for task events again; catching up with the tasks");
              tasks.listenerReconnected();
            },
          },
        );
      }
      try {
        await tasks.load(now);
      } catch (error) {
        await listener?.close();
        listener = undefined;
        throw error;
      }
      health.started(now);
      log.info("monitor: started", { cells: calendar.size, tasks: tasks.index.size });
    },

    async cycle(signal) {
      const now = clock.now();
      if (now >= pruneAt) await prune(now).catch((err: unknown) => log.warn("monitor: prune failed", { err }));
      const next = await pick(now);
      if (!next) {
        health.sources(deps.sources);
        health.idle();
        await health.flush(now);
        return deps.idleRetryMs ?? 5_000;
      }
      if (next.at > now) {
        health.sources(deps.sources);
        await health.flush(now);
        return next.at - now;
      }
      if (inFlight.size >= maxReads) {
        await Promise.race(inFlight);
        return 0;
      }
      const source = next.source;
      const reading: Promise<ReadOutcome> = source.read(signal).then(
        (value) => ({ ok: true, rows: value.rows, via: value.via, at: clock.now() }),
        (error: unknown) => ({ ok: false, error, at: clock.now() }),
      );
      // Reads may overlap (concurrentReads > 1) but their results are applied one at a time, in the
      // order the reads started, so the calendar never steps back to an older state.
      const applied = chain.then(async () => absorb(source, await reading, signal));
      chain = applied;
      inFlight.add(applied);
      void applied.finally(() => inFlight.delete(applied));
      if (inFlight.size >= maxReads) await Promise.race(inFlight);
      return 0;
    },

    status: () => health.view(),

    async close() {
      await chain;
      await tasks.settled();
      await listener?.close();
      await health.stopped(clock.now());
    },
  };
}

/**
 * Runs the monitor's loop until `stop()`, which waits for the pass in progress (an interrupted read
 * is simply dropped). With a `lock`, the monitor starts only once it holds it and stands by until then.
 */
export async function runMonitor(deps: MonitorDeps): Promise<{ stop(): Promise<void>; status(): MonitorStatusView }> {
  const clock = deps.clock ?? systemClock;
  const stopping = new AbortController();
  // One monitor per spell of holding the lock: after losing it, a fresh one reloads the persisted calendar.
  let monitor = createMonitor(deps);
  let started = false;

  async function begin(): Promise<boolean> {
    if (deps.lock && !(await deps.lock.acquire())) return false;
    await monitor.start();
    started = true;
    return true;
  }

  /** The lock went with its database connection: another instance may hold it now, so stand down. */
  async function standDown(): Promise<void> {
    started = false;
    await monitor.close().catch((err: unknown) => deps.log.warn("monitor: closing after a lost lock failed", { err }));
    monitor = createMonitor(deps);
  }

  // Without a lock, start before returning so a bad database fails the caller at once.
  if (!deps.lock) await begin();
  /** A pass failing over and over (the database away) is written once a minute. */
  const failures = quietRepeats(deps.log);
  const loop = (async () => {
    let standingBy = false;
    while (!stopping.signal.aborted) {
      let wait: number;
      try {
        if (started && deps.lock && !deps.lock.held()) await standDown();
        if (!started && !(await begin())) {
          if (!standingBy) deps.log.info("monitor: another instance is monitoring; standing by");
          standingBy = true;
          await clock.sleep(deps.standbyRetryMs ?? 15_000, stopping.signal);
          continue;
        }
        standingBy = false;
        wait = await monitor.cycle(stopping.signal);
      } catch (err) {
        // cycle() handles its own failures; this is a bug or a dead database: slow down, keep going.
        failures.error("monitor: pass failed", { err });
        wait = deps.idleRetryMs ?? 5_000;
      }
      if (wait > 0) await clock.sleep(wait, stopping.signal);
    }
  })();
  return {
    status: () => monitor.status(),
    async stop() {
      stopping.abort();
      await loop;
      if (started) await monitor.close();
      await deps.lock?.release();
    },
  };
}
