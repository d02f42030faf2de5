import { loginOutcome, MAX_RELOGINS, recycleDue, reloginDelayMs, type WaitingFor } from "@slotpilot/domain";
import type { Logger } from "@slotpilot/observability";
import {
  captureBrowserState,
  type LoginStep,
  type PortalDriver,
  type PortalLogin,
  type PortalPage,
  PortalSessionLost,
} from "@slotpilot/portal";
import type { BrowserPool, CabinetContext } from "./browser-pool.ts";
import { Serial } from "./gate.ts";
import type { Lease, SessionRecord, SessionStore, SessionUpdate } from "./ports.ts";
import type { KeeperSettings } from "./settings.ts";

export interface CabinetDeps {
  lease: Lease;
  sessions: SessionStore;
  pool: BrowserPool;
  driver: PortalDriver;
  settings: KeeperSettings;
  log: Logger;
  now: () => number;
  /** Limits how many cabinets do browser work at once. */
  gate: <T>(work: () => Promise<T>) => Promise<T>;
  /** The keeper lets the cabinet go (its session stopped, failed, or the lease was lost). */
  release: () => void;
}

/** A session is not in a state to serve a portal call. */
export class SessionNotReady extends Error {
  override name = "SessionNotReady";
}

/**
 * One held cabinet: its context and warm page, and the reconciliation of what the database says
 * the session should be (a login step to take, a session to keep warm) with what the browser has.
 * Everything touching the page runs through one `Serial`, so a portal call never races a reload.
 */
export class CabinetSession {
  record: SessionRecord;
  private readonly deps: CabinetDeps;
  private readonly serial = new Serial();
  private ctx: CabinetContext | undefined;
  private portal: PortalPage | undefined;
  private login: { id: string; flow: PortalLogin } | undefined;
  /** Logins this instance drove (a copy of the row still showing one of them is merely stale). */
  private readonly drove = new Set<string>();
  private headerAt = 0;
  private checkAt = 0;
  private reloginAt = 0;
  private recycleWanted = false;
  private closed = false;
  /** Passes that failed in a row, and when the next one may try again. */
  private failures = 0;
  private retryAt = 0;

  constructor(record: SessionRecord, deps: CabinetDeps) {
    this.record = record;
    this.deps = deps;
  }

  get cabinetId(): number {
    return this.record.cabinetId;
  }

  get busy(): boolean {
    return this.serial.busy;
  }

  /** A fresh copy of the row from the keeper's reload; an older one than ours is ignored. */
  accept(record: SessionRecord): void {
    if (record.revision >= this.record.revision) this.record = record;
  }

  /** Writes a change and keeps the local copy in step, so the next pass never acts on a stale row. */
  private async write(change: SessionUpdate): Promise<void> {
    const revision = await this.deps.sessions.update(this.deps.lease, change);
    if (revision !== null) this.merge(change, revision);
  }

  private merge(change: SessionUpdate, revision: number): void {
    const r = { ...this.record, revision };
    if (change.state !== undefined && change.state !== r.state) {
      r.state = change.state;
      r.stateChangedAt = this.deps.now();
    } else if (change.state !== undefined) r.stateChangedAt = this.deps.now();
    if (change.waitingFor !== undefined) r.waitingFor = change.waitingFor;
    if (change.errorCode !== undefined) r.errorCode = change.errorCode;
    if (change.reloginAttempts !== undefined) r.reloginAttempts = change.reloginAttempts;
    if (change.doneSeq !== undefined) r.doneSeq = change.doneSeq;
    if (change.supplier !== undefined) r.supplierId = change.supplier.supplierId;
    this.record = r;
  }

  /** Serving portal calls needs a warm, logged-in page. */
  get ready(): boolean {
    return this.record.state === "ACTIVE" && this.portal !== undefined;
  }

  /** One reconciliation pass. Never throws: a failure is logged and retried on a later pass. */
  tick(): Promise<void> {
    return this.serial.run(async () => {
      if (this.closed || this.deps.now() < this.retryAt) return;
      try {
        await this.reconcile();
        this.failures = 0;
      } catch (error) {
        await this.failed(error);
      }
    });
  }

  /**
   * A pass failed (the portal or the browser misbehaved). Passes back off up to a minute. A login
   * that keeps failing is given up with a reason the seller can read; a live session is retried for
   * as long as it takes (WB may simply be down).
   */
  private async failed(error: unknown): Promise<void> {
    this.failures += 1;
    this.retryAt = this.deps.now() + Math.min(60_000, 1_000 * 2 ** this.failures);
    this.deps.log.warn("portal session: pass failed; will retry", {
      cabinetId: this.cabinetId,
      failures: this.failures,
      err: error,
    });
    const state = this.record.state;
    if (state === "ACTIVE") {
      // Whatever the page was doing is suspect now: reopen it on the next pass.
      await this.dropContext();
    } else if (
      this.failures >= 3 &&
      (state === "WAITING_AUTH" || (state === "INITIALIZING" && this.record.reloginAttempts === 0))
    ) {
      const code = this.ctx ? "portal.unavailable" : "portal.browser_failed";
      await this.finishLogin({ state: "ERROR", waitingFor: null, errorCode: code, captcha: null }).catch(() => {});
    }
  }

  /**
   * Runs `work` with the warm page, between passes. The booking issue's strategies and the portal
   * calls go through here. A lost session found on the way starts the re-login.
   */
  use<T>(work: (portal: PortalPage) => Promise<T>): Promise<T> {
    return this.serial.run(async () => {
      const portal = this.portal;
      if (this.closed || this.record.state !== "ACTIVE" || !portal) throw new SessionNotReady("session not active");
      try {
        return await work(portal);
      } catch (error) {
        if (error instanceof PortalSessionLost) await this.sessionLost();
        throw error;
      }
    });
  }

  /** The pool lost this cabinet's context (browser or page crash). */
  contextLost(): void {
    this.ctx = undefined;
    this.portal = undefined;
  }

  recycleSoon(): void {
    this.recycleWanted = true;
  }

  /** Lets the cabinet go: saves an active session's state, closes its context. */
  close(options: { save: boolean }): Promise<void> {
    return this.serial.run(async () => {
      if (this.closed) return;
      if (options.save && this.record.state === "ACTIVE" && this.portal) await this.save().catch(() => {});
      this.closed = true;
      await this.dropContext();
    });
  }

  private async reconcile(): Promise<void> {
    const r = this.record;
    const now = this.deps.now();
    switch (r.state) {
      case "INITIALIZING":
        if (r.reloginAttempts > 0) {
          if (now >= this.reloginAt) await this.deps.gate(() => this.relogin());
        } else if (this.login?.id !== r.loginId) {
          await this.deps.gate(() => this.startLogin());
        }
        return;
      case "WAITING_AUTH":
        return this.waiting(now);
      case "ACTIVE":
        return this.keepWarm(now);
      case "ERROR":
      case "STOPPED":
        await this.dropContext();
        this.deps.release();
        return;
    }
  }

  // ── login ────────────────────────────────────────────────────────────────────────────────────

  private async startLogin(): Promise<void> {
    const r = this.record;
    const phone = await this.deps.sessions.phone(r);
    if (!r.loginId || !phone) {
      await this.write({ state: "ERROR", errorCode: "portal.no_phone" });
      return;
    }
    this.login = undefined;
    const ctx = await this.openContext();
    this.login = { id: r.loginId, flow: this.deps.driver.login(ctx.page) };
    this.drove.add(r.loginId);
    this.deps.log.info("portal login started", { cabinetId: this.cabinetId });
    await this.applyStep(await this.login.flow.start(phone));
  }

  private async waiting(now: number): Promise<void> {
    const r = this.record;
    if (!this.login || this.login.id !== r.loginId || !this.ctx) {
      // A copy of the row from before this instance's own last step: the reload will catch up.
      if (r.loginId && this.drove.has(r.loginId) && !this.login) return;
      // The worker that drove this login is gone with its page: the seller starts again.
      await this.finishLogin({
        state: "ERROR",
        waitingFor: null,
        errorCode: "portal.login_interrupted",
        captcha: null,
      });
      return;
    }
    if (r.inputSeq > r.doneSeq && r.inputKind === r.waitingFor) {
      const input = await this.deps.sessions.input(r);
      if (input !== null) await this.deps.gate(() => this.answer(r.waitingFor as WaitingFor, input, r.inputSeq));
      return;
    }
    if (now - r.stateChangedAt > this.deps.settings.loginTimeoutMs) {
      this.deps.log.info("portal login timed out waiting for the seller", { cabinetId: this.cabinetId });
      await this.finishLogin({ state: "STOPPED", waitingFor: null, errorCode: "portal.login_timeout", captcha: null });
    }
  }

  private async answer(kind: WaitingFor, input: string, seq: number): Promise<void> {
    const flow = this.login?.flow;
    if (!flow) return;
    const step =
      kind === "code"
        ? await flow.code(input)
        : kind === "captcha"
          ? await flow.captcha(input)
          : await flow.chooseCabinet(Number(input));
    await this.applyStep(step, seq);
  }

  /** Writes what a login step means (`loginOutcome`), saving the browser state after each. */
  private async applyStep(step: LoginStep, doneSeq?: number): Promise<void> {
    const lease = this.deps.lease;
    const seen = step.kind === "captcha" ? { kind: "captcha" as const, retry: step.retry } : step;
    const outcome = loginOutcome(seen, this.record.wbAccountId);
    const done = doneSeq === undefined ? {} : { doneSeq };
    if (outcome.kind === "choose") {
      const flow = this.login?.flow;
      if (flow) await this.applyStep(await flow.chooseCabinet(outcome.supplierId), doneSeq);
      return;
    }
    if (outcome.kind === "active") {
      this.portal = (await this.deps.driver.open(this.page())) ?? undefined;
      if (!this.portal) throw new PortalSessionLost("logged in, yet the portal bounced to login");
      await this.refreshHeader();
      // Saved with the header token in the page's sessionStorage: a restored page starts warm.
      await this.save();
      const change = {
        ...done,
        supplier: outcome.cabinet,
        captcha: null,
        cabinetChoices: null,
        checkedAt: this.deps.now(),
      };
      const revision = await this.deps.sessions.activated(lease, change);
      if (revision !== null) {
        this.merge({ ...change, state: "ACTIVE", waitingFor: null, errorCode: null, reloginAttempts: 0 }, revision);
      }
      this.login = undefined;
      this.checkAt = this.deps.now() + this.deps.settings.healthEveryMs;
      this.deps.log.info("portal session active", { cabinetId: this.cabinetId });
      return;
    }
    const { session, choices } = outcome;
    if (session.state === "ERROR") {
      await this.finishLogin({ ...done, state: "ERROR", waitingFor: null, errorCode: session.error, captcha: null });
      return;
    }
    await this.save();
    await this.write({
      ...done,
      state: session.state,
      waitingFor: session.waitingFor,
      errorCode: session.error,
      captcha: step.kind === "captcha" ? step.image : null,
      cabinetChoices: choices ?? null,
    });
  }

  private async finishLogin(change: SessionUpdate): Promise<void> {
    this.login = undefined;
    await this.write(change);
    await this.dropContext();
  }

  // ── a live session ───────────────────────────────────────────────────────────────────────────

  private async keepWarm(now: number): Promise<void> {
    const { settings } = this.deps;
    if (!this.portal) {
      await this.deps.gate(() => this.reopen());
      return;
    }
    const opened = this.ctx?.openedAt ?? now;
    if (this.recycleWanted || recycleDue(now, this.cabinetId, opened, settings.recycleWindow)) {
      this.recycleWanted = false;
      this.deps.log.info("recycling a portal context", { cabinetId: this.cabinetId });
      await this.deps.gate(async () => {
        await this.save();
        await this.reopen();
      });
      return;
    }
    try {
      if (now >= this.headerAt) await this.refreshHeader();
      if (now >= this.checkAt) {
        const health = await this.deps.gate(() => (this.portal as PortalPage).health());
        if (health === "logged_out") throw new PortalSessionLost("the portal bounced to login");
        this.checkAt = now + settings.healthEveryMs;
        await this.save();
        await this.write({ checkedAt: now });
      }
    } catch (error) {
      if (!(error instanceof PortalSessionLost)) throw error;
      await this.sessionLost();
    }
  }

  /** Opens the portal in a context restored from the saved state; a bounce to login is a lost session. */
  private async reopen(): Promise<void> {
    await this.openContext();
    const portal = await this.deps.driver.open(this.page());
    if (!portal) return this.sessionLost();
    const supplierId = this.record.supplierId;
    if (supplierId !== null && (await portal.cabinet()).supplierId !== supplierId)
      await portal.switchCabinet(supplierId);
    this.portal = portal;
    await this.refreshHeader();
    this.checkAt = this.deps.now() + this.deps.settings.healthEveryMs;
    await this.save();
  }

  private async refreshHeader(): Promise<void> {
    const portal = this.portal;
    if (!portal) return;
    const { expiresInMs } = await portal.refreshHeader();
    const now = this.deps.now();
    this.headerAt = now + Math.max(30_000, expiresInMs - this.deps.settings.headerMarginMs);
    await this.write({ headerExpiresAt: now + expiresInMs });
  }

  /**
   * WB ended the session. The first re-login from saved state is tried at once; up to
   * `MAX_RELOGINS` in all, further apart each time; then the seller is asked to log in again.
   */
  private async sessionLost(): Promise<void> {
    this.deps.log.warn("portal session lost; re-logging in from saved state", { cabinetId: this.cabinetId });
    this.portal = undefined;
    await this.dropContext();
    if (this.record.state === "ACTIVE") await this.relogin();
  }

  private async relogin(): Promise<void> {
    const attempt = this.record.reloginAttempts + 1;
    await this.openContext();
    const portal = await this.deps.driver.open(this.page());
    if (portal) {
      this.portal = portal;
      await this.refreshHeader();
      await this.save();
      await this.write({ state: "ACTIVE", errorCode: null, reloginAttempts: 0, checkedAt: this.deps.now() });
      this.checkAt = this.deps.now() + this.deps.settings.healthEveryMs;
      this.deps.log.info("portal session restored from saved state", { cabinetId: this.cabinetId, attempt });
      return;
    }
    await this.dropContext();
    if (attempt >= MAX_RELOGINS) {
      const lost = await this.deps.sessions.lost(this.deps.lease, this.record, {
        errorCode: "portal.session_lost",
        kind: "portal.session_lost",
      });
      if (lost) this.merge({ state: "ERROR", errorCode: "portal.session_lost" }, lost.revision);
      this.deps.log.warn("portal session could not be restored; the seller is asked to log in", {
        cabinetId: this.cabinetId,
        pausedTasks: lost?.pausedTasks ?? null,
      });
      this.deps.release();
      return;
    }
    this.reloginAt = this.deps.now() + reloginDelayMs(attempt, this.deps.settings.reloginBaseMs);
    await this.write({ state: "INITIALIZING", errorCode: "portal.session_lost", reloginAttempts: attempt });
  }

  // ── the browser ──────────────────────────────────────────────────────────────────────────────

  private async openContext(): Promise<CabinetContext> {
    this.portal = undefined;
    const state = await this.deps.sessions.browserState(this.record);
    this.ctx = await this.deps.pool.open(this.cabinetId, state);
    return this.ctx;
  }

  private page() {
    if (!this.ctx) throw new Error("no context");
    return this.ctx.page;
  }

  private async save(): Promise<void> {
    const ctx = this.ctx;
    if (!ctx) return;
    const state = await captureBrowserState(ctx.context, ctx.page);
    await this.deps.sessions.saveBrowserState(this.deps.lease, this.record, state);
  }

  private async dropContext(): Promise<void> {
    this.portal = undefined;
    this.ctx = undefined;
    await this.deps.pool.close(this.cabinetId);
  }
}
