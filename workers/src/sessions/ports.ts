import type { PortalNoticeKind } from "@slotpilot/db";
import type { SessionState, WaitingFor } from "@slotpilot/domain";
import type { BrowserState } from "@slotpilot/portal";

/**
 * What the session keeper and the browser pool need from the outside world, as small interfaces
 * (DESIGN.md, principle 9). `pg-stores.ts` implements them on PostgreSQL for the cloud; a worker on
 * a seller's own machine will implement them against the API. Secrets cross these ports in the
 * clear only inside the worker's memory: the implementation seals and unseals them.
 */

/** A cabinet this worker holds; `epoch` fences its writes after a takeover. */
export interface Lease {
  cabinetId: number;
  epoch: number;
}

export interface WorkerInfo {
  id: string;
  host: string;
  pid: number;
  capacity: number;
  held: number;
  memoryMb: number | null;
}

export interface LeaseStore {
  /** Takes up to `limit` cabinets that want a browser and that nobody (alive) holds. */
  acquire(workerId: string, ttlMs: number, limit: number): Promise<Lease[]>;
  /** Extends this worker's leases; the answer is what it still holds. */
  renew(workerId: string, ttlMs: number): Promise<Lease[]>;
  release(workerId: string, lease: Lease): Promise<void>;
  beat(info: WorkerInfo): Promise<void>;
  /** The worker stops: every lease it holds is freed at once (no waiting out the TTL). */
  forget(workerId: string): Promise<void>;
}

/** A cabinet's session as the keeper reads it: no sealed bytes, only whether they exist. */
export interface SessionRecord {
  cabinetId: number;
  organizationId: number;
  cabinetName: string;
  /** The WB account the cabinet is tied to (its token's, or an earlier login's), or null. */
  wbAccountId: number | null;
  state: SessionState;
  waitingFor: WaitingFor | null;
  errorCode: string | null;
  loginId: string | null;
  inputKind: WaitingFor | null;
  inputSeq: number;
  doneSeq: number;
  supplierId: number | null;
  reloginAttempts: number;
  stateChangedAt: number;
  hasStorage: boolean;
  /** Grows with every write; a copy with a lower one is stale. */
  revision: number;
}

/** A change the keeper makes to a session. Absent fields stay as they are. */
export interface SessionUpdate {
  state?: SessionState;
  waitingFor?: WaitingFor | null;
  errorCode?: string | null;
  captcha?: { mime: string; bytes: Buffer } | null;
  cabinetChoices?: readonly { supplierId: number; name: string }[] | null;
  supplier?: { supplierId: number; name: string };
  reloginAttempts?: number;
  /** The seller's input up to this sequence number has been used. */
  doneSeq?: number;
  headerExpiresAt?: number | null;
  checkedAt?: number;
}

export interface SessionStore {
  load(cabinetIds: readonly number[]): Promise<SessionRecord[]>;
  /** The phone of the login in progress (sealed at rest). */
  phone(record: SessionRecord): Promise<string | null>;
  /** The seller's pending input for the login in progress. */
  input(record: SessionRecord): Promise<string | null>;
  /** The saved browser state, or null (none yet, or unreadable). */
  browserState(record: SessionRecord): Promise<BrowserState | null>;
  /**
   * All writes are fenced by the lease. Each answers the session's new revision, or null when this
   * worker no longer holds the cabinet.
   */
  update(lease: Lease, change: SessionUpdate): Promise<number | null>;
  saveBrowserState(lease: Lease, record: SessionRecord, state: BrowserState): Promise<number | null>;
  /**
   * Logged in: ACTIVE with the chosen WB cabinet, the cabinet tied to that account if it was not,
   * and tasks paused for a lost session resumed — in one transaction.
   */
  activated(
    lease: Lease,
    change: SessionUpdate & { supplier: { supplierId: number; name: string } },
  ): Promise<number | null>;
  /**
   * Gave up on the session: ERROR with `errorCode`, the cabinet's book tasks paused, and a notice
   * (`kind`) queued for the seller and the admins — in one transaction. The paused tasks' count.
   */
  lost(
    lease: Lease,
    record: SessionRecord,
    input: { errorCode: string; kind: PortalNoticeKind },
  ): Promise<{ revision: number; pausedTasks: number } | null>;
}

export interface PortalCallRequest {
  id: number;
  cabinetId: number;
  method: string;
  params: unknown;
}

/** Requests for a held cabinet's live session (from the API, the monitor, the booker). */
export interface CallInbox {
  claim(workerId: string, cabinetIds: readonly number[], limit: number): Promise<PortalCallRequest[]>;
  finish(id: number, outcome: { result: unknown } | { errorCode: string }): Promise<void>;
}
