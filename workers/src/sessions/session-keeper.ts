import { hostname } from "node:os";
import { type Logger, quietRepeats } from "@slotpilot/observability";
import type { PortalDriver, PortalPage } from "@slotpilot/portal";
import type { BrowserPool } from "./browser-pool.ts";
import { CabinetSession, SessionNotReady } from "./cabinet-session.ts";
import { Gate } from "./gate.ts";
import type { CallInbox, Lease, LeaseStore, SessionStore } from "./ports.ts";
import { callErrorCode, runPortalCall } from "./serve-call.ts";
import { DEFAULT_KEEPER_SETTINGS, type KeeperSettings } from "./settings.ts";

export interface KeeperDeps {
  workerId: string;
  stores: { leases: LeaseStore; sessions: SessionStore; calls: CallInbox };
  pool: BrowserPool;
  driver: PortalDriver;
  log: Logger;
  settings?: Partial<KeeperSettings>;
  now?: () => number;
  /** Subscribes to "cabinet N has news" hints (a login started, an SMS code arrived, a call waits). */
  signals?: (onSignal: (cabinetId: number) => void) => Promise<{ close(): Promise<void> }>;
}

export interface KeeperStatus {
  workerId: string;
  held: number[];
  ready: number[];
}

const RELOAD_EVERY_MS = 10_000;
const ACQUIRE_EVERY_MS = 5_000;
const CALLS_PER_PASS = 8;

/**
 * Keeps the portal sessions of the cabinets this worker leases warm and healthy. Leases live in the
 * database with a heartbeat: a cabinet is held by exactly one worker at a time, and a worker that
 * dies loses its cabinets `leaseTtlMs` after its last heartbeat, when another worker takes them
 * over and reopens them from their saved browser state (no new SMS). Per cabinet, `CabinetSession`
 * does the work: logins step by step, header refreshes, hourly checks, re-logins from saved state,
 * daily recycling; the keeper also answers portal calls for the cabinets it holds.
 */
export class SessionKeeper {
  readonly workerId: string;
  private readonly deps: KeeperDeps;
  private readonly settings: KeeperSettings;
  private readonly now: () => number;
  private readonly cabinets = new Map<number, { session: CabinetSession; lease: Lease }>();
  private readonly gate: Gate;
  private readonly signaled = new Set<number>();
  private readonly calls = new Set<Promise<void>>();
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private stopping = false;
  private listener: { close(): Promise<void> } | undefined;
  private beatAt = 0;
  private lastRenewedAt = 0;
  private acquireAt = 0;
  private reloadAt = 0;
  private memoryAt = 0;
  private recycledForMemoryAt = Number.NEGATIVE_INFINITY;
  private memoryMb: number | null = null;

  /** A pass failing over and over (the database away) is written once a minute. */
  private readonly failures: Logger;

  constructor(deps: KeeperDeps) {
    this.deps = deps;
    this.failures = quietRepeats(deps.log);
    this.workerId = deps.workerId;
    this.settings = { ...DEFAULT_KEEPER_SETTINGS, ...deps.settings };
    this.now = deps.now ?? Date.now;
    this.gate = new Gate(this.settings.parallel);
    deps.pool.onLost = (ids) => {
      for (const id of ids) this.cabinets.get(id)?.session.contextLost();
      this.poke();
    };
  }

  async start(): Promise<void> {
    this.listener = await this.deps.signals?.((cabinetId) => {
      this.signaled.add(cabinetId);
      this.poke();
    });
    this.loop = this.run();
  }

  /** Saves every live session, closes the browser, and frees this worker's leases at once. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.poke();
    await this.loop;
    await Promise.allSettled(this.calls);
    for (const { session } of this.cabinets.values()) await session.close({ save: true });
    this.cabinets.clear();
    await this.deps.stores.leases.forget(this.workerId).catch(() => {});
    await this.listener?.close();
    await this.deps.pool.stop();
  }

  status(): KeeperStatus {
    const all = [...this.cabinets.values()];
    return {
      workerId: this.workerId,
      held: all.map((c) => c.session.cabinetId),
      ready: all.filter((c) => c.session.ready).map((c) => c.session.cabinetId),
    };
  }

  /** Runs `work` on a held cabinet's warm page (the booking issue's entry point). */
  use<T>(cabinetId: number, work: (portal: PortalPage) => Promise<T>): Promise<T> {
    const held = this.cabinets.get(cabinetId);
    if (!held) return Promise.reject(new SessionNotReady("this worker does not hold the cabinet"));
    return held.session.use(work);
  }

  private poke(): void {
    this.wake?.();
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      try {
        await this.pass();
      } catch (error) {
        // The database is away, most likely: keep the browser as it is and try again.
        this.failures.warn("session keeper: pass failed", { err: error });
      }
      if (this.stopping) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.settings.tickMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  private async pass(): Promise<void> {
    const now = this.now();
    if (now >= this.beatAt) await this.heartbeat(now);
    if (this.cabinets.size < this.settings.capacity && (now >= this.acquireAt || this.signaled.size > 0)) {
      await this.acquire(now);
    }
    const reloadAll = now >= this.reloadAt;
    const ids = reloadAll ? [...this.cabinets.keys()] : [...this.signaled].filter((id) => this.cabinets.has(id));
    this.signaled.clear();
    if (reloadAll) this.reloadAt = now + RELOAD_EVERY_MS;
    if (ids.length > 0) await this.reload(ids);
    for (const { session } of this.cabinets.values()) if (!session.busy) void session.tick();
    await this.serveCalls();
    if (now >= this.memoryAt) await this.watchMemory(now);
  }

  /** Renews the leases; a cabinet no longer ours (taken over after a stall) is dropped unsaved. */
  private async heartbeat(now: number): Promise<void> {
    const { leases } = this.deps.stores;
    const ttl = this.settings.leaseTtlMs;
    this.beatAt = now + ttl / 3;
    let held: Lease[];
    try {
      held = await leases.renew(this.workerId, ttl);
      this.lastRenewedAt = now;
    } catch (error) {
      this.deps.log.warn("session keeper: could not renew leases", { err: error });
      // Past the TTL another worker may own them: stop touching their pages.
      if (now - this.lastRenewedAt > ttl) for (const id of [...this.cabinets.keys()]) await this.drop(id, false);
      return;
    }
    const mine = new Map(held.map((l) => [l.cabinetId, l.epoch]));
    for (const [id, entry] of this.cabinets) {
      if (mine.get(id) !== entry.lease.epoch) {
        this.deps.log.warn("lost a cabinet's lease to another worker", { cabinetId: id });
        await this.drop(id, false);
      }
    }
    await leases
      .beat({
        id: this.workerId,
        host: hostname(),
        pid: process.pid,
        capacity: this.settings.capacity,
        held: this.cabinets.size,
        memoryMb: this.memoryMb,
      })
      .catch((err: unknown) => this.deps.log.warn("session keeper: heartbeat failed", { err }));
  }

  private async acquire(now: number): Promise<void> {
    this.acquireAt = now + ACQUIRE_EVERY_MS;
    const limit = this.settings.capacity - this.cabinets.size;
    const leases = await this.deps.stores.leases.acquire(this.workerId, this.settings.leaseTtlMs, limit);
    if (leases.length === 0) return;
    const records = await this.deps.stores.sessions.load(leases.map((l) => l.cabinetId));
    for (const lease of leases) {
      const record = records.find((r) => r.cabinetId === lease.cabinetId);
      if (!record) {
        await this.deps.stores.leases.release(this.workerId, lease);
        continue;
      }
      const session = new CabinetSession(record, {
        lease,
        sessions: this.deps.stores.sessions,
        pool: this.deps.pool,
        driver: this.deps.driver,
        settings: this.settings,
        log: this.deps.log,
        now: this.now,
        gate: (work) => this.gate.run(work),
        release: () => void this.drop(lease.cabinetId, false),
      });
      this.cabinets.set(lease.cabinetId, { session, lease });
      this.deps.log.info("holding a cabinet's portal session", { cabinetId: lease.cabinetId, state: record.state });
    }
  }

  private async reload(ids: number[]): Promise<void> {
    const records = await this.deps.stores.sessions.load(ids);
    for (const id of ids) {
      const record = records.find((r) => r.cabinetId === id);
      const held = this.cabinets.get(id);
      if (!held) continue;
      if (record) held.session.accept(record);
      // The cabinet (and its session) was deleted.
      else await this.drop(id, false);
    }
  }

  /** Lets a cabinet go: its context closed, its lease freed (unless another worker owns it now). */
  private async drop(cabinetId: number, save: boolean): Promise<void> {
    const held = this.cabinets.get(cabinetId);
    if (!held) return;
    this.cabinets.delete(cabinetId);
    await held.session.close({ save });
    await this.deps.stores.leases.release(this.workerId, held.lease).catch(() => {});
  }

  private async serveCalls(): Promise<void> {
    const ready = [...this.cabinets.values()].filter((c) => c.session.ready).map((c) => c.session.cabinetId);
    if (ready.length === 0 || this.calls.size >= CALLS_PER_PASS) return;
    const claimed = await this.deps.stores.calls.claim(this.workerId, ready, CALLS_PER_PASS - this.calls.size);
    for (const call of claimed) {
      const session = this.cabinets.get(call.cabinetId)?.session;
      const running = (async () => {
        let outcome: { result: unknown } | { errorCode: string };
        try {
          if (!session) throw new SessionNotReady("cabinet let go");
          outcome = { result: await session.use((portal) => runPortalCall(portal, call)) };
        } catch (error) {
          outcome = { errorCode: callErrorCode(error) };
          this.deps.log.debug("portal call failed", { cabinetId: call.cabinetId, method: call.method, err: error });
        }
        await this.deps.stores.calls
          .finish(call.id, outcome)
          .catch((err: unknown) => this.deps.log.warn("could not record a portal call's answer", { err }));
      })();
      this.calls.add(running);
      void running.finally(() => {
        this.calls.delete(running);
        this.poke();
      });
    }
  }

  /** Past the memory limit, every context is recycled (sessions kept), then not again for a while. */
  private async watchMemory(now: number): Promise<void> {
    this.memoryAt = now + this.settings.memoryEveryMs;
    const memory = await this.deps.pool.memory().catch(() => null);
    if (!memory) return;
    const used = memory.pssBytes ?? memory.rssBytes;
    this.memoryMb = Math.round(used / 1_048_576);
    const limit = this.settings.memoryLimitBytes;
    const cooldown = 10 * this.settings.memoryEveryMs;
    if (limit === null || used <= limit || this.cabinets.size === 0 || now - this.recycledForMemoryAt < cooldown)
      return;
    this.recycledForMemoryAt = now;
    this.deps.log.warn("worker memory past its limit; recycling browser contexts", {
      memoryMb: this.memoryMb,
      limitMb: Math.round(limit / 1_048_576),
      cabinets: this.cabinets.size,
    });
    for (const { session } of this.cabinets.values()) session.recycleSoon();
  }
}
