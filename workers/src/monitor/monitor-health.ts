import { type Db, writeMonitorStatus } from "@slotpilot/db";
import type { Logger } from "@slotpilot/observability";
import type { SlotSource } from "./slot-source.ts";

export interface MonitorStatusView {
  running: boolean;
  usableAccounts: number;
  usableTokens: number;
  /** Epoch ms of the last read that made it into the calendar. */
  lastReadAt: number | null;
  lastError: string | null;
  lastErrorAt: number | null;
  /** Successful reads over the last minute. */
  readsPerMinute: number;
  /** The source of the last successful read. */
  source: string | null;
  /** The source of the last read tried, successful or not; null while no source can read. */
  triedSource: string | null;
}

const MINUTE = 60_000;

/**
 * The monitor's own account of how it is doing: kept in memory for `status()` and written to the
 * `monitor_status` row (at most every `everyMs`, at once when something a reader cares about
 * changes) for `/readyz`, `/metrics` and the admin view, which run in other processes.
 */
export class MonitorHealth {
  private readonly db: Db;
  private readonly log: Logger;
  private readonly everyMs: number;
  private startedAt = 0;
  private running = false;
  private usableAccounts = 0;
  private usableTokens = 0;
  private lastReadAt: number | null = null;
  private lastError: string | null = null;
  private lastErrorAt: number | null = null;
  private source: string | null = null;
  private triedSource: string | null = null;
  private readTimes: number[] = [];
  private writeAt = Number.NEGATIVE_INFINITY;
  private urgent = true;
  private wasIdle = false;
  private writeFailing = false;

  constructor(db: Db, log: Logger, everyMs: number) {
    this.db = db;
    this.log = log;
    this.everyMs = everyMs;
  }

  started(now: number): void {
    this.startedAt = now;
    this.running = true;
    this.urgent = true;
  }

  sources(sources: readonly SlotSource[]): void {
    let accounts = 0;
    let tokens = 0;
    for (const s of sources) {
      const h = s.health();
      accounts += h.usableAccounts;
      tokens += h.usableTokens;
    }
    if (accounts !== this.usableAccounts || tokens !== this.usableTokens) this.urgent = true;
    if (accounts > 0 && this.wasIdle) {
      this.wasIdle = false;
      this.log.info("monitor: reading again", { accounts, tokens });
    }
    this.usableAccounts = accounts;
    this.usableTokens = tokens;
  }

  idle(): void {
    this.tried(null);
    if (this.wasIdle) return;
    this.wasIdle = true;
    this.urgent = true;
    this.log.warn("monitor: idle — no usable token; waiting for a seller to lend a Personal token");
  }

  /** A read from `source` is being applied (or none can be made: null), whatever its outcome. */
  tried(source: string | null): void {
    if (source !== this.triedSource) this.urgent = true;
    this.triedSource = source;
  }

  read(now: number, source: string): void {
    if (this.lastError !== null || this.lastReadAt === null) this.urgent = true;
    this.lastReadAt = now;
    this.lastError = null;
    this.source = source;
    this.readTimes.push(now);
  }

  failed(now: number, where: string, error: unknown): void {
    const message = `${where}: ${error instanceof Error ? error.message : String(error)}`.slice(0, 500);
    if (message !== this.lastError) {
      this.urgent = true;
      this.log.warn("monitor: read failed", { where, err: error });
    }
    this.lastError = message;
    this.lastErrorAt = now;
  }

  view(): MonitorStatusView {
    return {
      running: this.running,
      usableAccounts: this.usableAccounts,
      usableTokens: this.usableTokens,
      lastReadAt: this.lastReadAt,
      lastError: this.lastError,
      lastErrorAt: this.lastErrorAt,
      readsPerMinute: this.perMinute(this.lastReadAt ?? 0),
      source: this.source,
      triedSource: this.triedSource,
    };
  }

  /** Writes the status row when due. A failed write is logged and retried next time. */
  async flush(now: number): Promise<void> {
    if (!this.urgent && now < this.writeAt) return;
    this.urgent = false;
    this.writeAt = now + this.everyMs;
    try {
      await writeMonitorStatus(this.db, {
        usable_accounts: this.usableAccounts,
        usable_tokens: this.usableTokens,
        last_read_at: this.lastReadAt === null ? null : new Date(this.lastReadAt),
        last_error: this.lastError,
        last_error_at: this.lastErrorAt === null ? null : new Date(this.lastErrorAt),
        reads_per_minute: this.perMinute(now),
        source: this.source,
        tried_source: this.triedSource,
        heartbeat_at: new Date(now),
        started_at: new Date(this.startedAt),
      });
      this.writeFailing = false;
    } catch (err) {
      this.urgent = true;
      // Once per outage: the loop retries on every pass.
      if (!this.writeFailing) this.log.warn("monitor: could not write its status", { err });
      this.writeFailing = true;
    }
  }

  async stopped(now: number): Promise<void> {
    this.running = false;
    this.urgent = true;
    await this.flush(now);
  }

  private perMinute(now: number): number {
    const from = now - MINUTE;
    if (this.readTimes.length > 0 && (this.readTimes[0] ?? 0) <= from) {
      this.readTimes = this.readTimes.filter((t) => t > from);
    }
    return this.readTimes.length;
  }
}
