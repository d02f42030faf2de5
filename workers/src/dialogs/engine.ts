import { randomUUID } from "node:crypto";
import {
  acquireAccountLeases,
  giveUpOverdueCalls,
  latestIncoming,
  openAccountSecrets,
  releaseAccountLease,
  renewAccountLeases,
  resumeSleptAccounts,
} from "@slotpilot/db";
import { parseProxy } from "@slotpilot/domain";
import { type Logger, quietRepeats } from "@slotpilot/observability";
import { systemClock } from "../monitor/clock.ts";
import { handleAccountError } from "./account-errors.ts";
import { answerDueDialogs } from "./answer.ts";
import { type Account, type DialogEngineDeps, type EngineContext, engineContext, peerOf } from "./context.ts";
import { handleIncoming } from "./incoming.ts";
import { LoginManager } from "./login-manager.ts";
import { sendDueMessages } from "./send.ts";
import { placeUrgentCalls } from "./urgent-calls.ts";

/**
 * The sales-dialog engine of one worker process. Each tick it holds its accounts' leases (taking
 * free ones, renewing its own, dropping any it lost), connects each leased account once, and for
 * each: answers what is due (openers, replies), sends what is queued within the limits, and places
 * urgent calls; logins in progress advance too. Incoming messages are stored as they arrive and
 * caught up on (re)connect, so a restart loses none. Everything is in PostgreSQL: a restarted
 * engine picks up where the last one stopped, and a message caught mid-send is resent with its own
 * random_id, which Telegram refuses as a duplicate if it had gone out.
 */
export class DialogEngine {
  readonly #deps: DialogEngineDeps;
  readonly #ctx: EngineContext;
  readonly #accounts = new Map<number, Account>();
  readonly #logins: LoginManager;
  readonly #stopping = new AbortController();
  readonly #leaseTtlMs: number;
  #loop: Promise<void> | undefined;
  #ticking: Promise<void> | undefined;
  /** Each account works on its own: one typing for 20 s does not hold up the others. */
  readonly #working = new Map<number, Promise<void>>();
  #abandoned = false;

  /** A tick failing over and over (the database away) is written once a minute. */
  readonly #failures: Logger;

  constructor(deps: DialogEngineDeps) {
    this.#deps = deps;
    this.#failures = quietRepeats(deps.log);
    this.#leaseTtlMs = deps.leaseTtlMs ?? 60_000;
    this.#ctx = engineContext(
      deps,
      deps.owner ?? `workers:${randomUUID()}`,
      deps.clock ?? systemClock,
      this.#stopping.signal,
      (id) => this.#drop(id),
    );
    this.#logins = new LoginManager(this.#ctx);
  }

  get owner(): string {
    return this.#ctx.owner;
  }

  /** Accounts connected in this process (ids). */
  get connected(): number[] {
    return [...this.#accounts.keys()];
  }

  /** One pass over leases, logins and every account's work, waiting for that work. Tests drive the engine with it. */
  async tick(): Promise<void> {
    await this.#pass();
    await Promise.all(this.#working.values());
  }

  /** Leases, logins, and each idle account's work started (not awaited: accounts work side by side). */
  #pass(): Promise<void> {
    this.#ticking ??= this.#tick().finally(() => {
      this.#ticking = undefined;
    });
    return this.#ticking;
  }

  start(): void {
    this.#loop ??= (async () => {
      const tickMs = this.#deps.tickMs ?? 1000;
      while (!this.#stopping.signal.aborted) {
        try {
          await this.#pass();
        } catch (err) {
          // The database is away: nothing is lost (all state is there); try again next tick.
          this.#failures.warn("sales engine: tick failed", { err });
        }
        await this.#ctx.clock.sleep(tickMs, this.#stopping.signal);
      }
    })();
  }

  /** Finishes the work in flight, disconnects, and gives the leases back for another process. */
  async stop(): Promise<void> {
    if (this.#abandoned) return;
    this.#stopping.abort();
    await this.#loop;
    await this.#ticking?.catch(() => {});
    await Promise.all(this.#working.values());
    await this.#logins.closeAll();
    for (const id of [...this.#accounts.keys()]) await this.#drop(id);
  }

  /**
   * What a killed process leaves behind: work in flight is abandoned mid-way and connections die
   * with the process, but nothing is written — leases simply expire. For restart tests.
   */
  async abandon(): Promise<void> {
    this.#abandoned = true;
    this.#stopping.abort();
    for (const account of this.#accounts.values()) await account.client.close().catch(() => {});
    this.#accounts.clear();
    await this.#logins.closeAll();
  }

  async #tick(): Promise<void> {
    const ctx = this.#ctx;
    for (const phone of await resumeSleptAccounts(ctx.db)) {
      await ctx.tellAdmins(ctx.db, "account_resumed", { phone }, `resumed:${phone}:${ctx.now().getTime()}`);
    }
    await this.#syncLeases();
    await this.#logins.tick();
    // Calls nobody could place in time: the seller gets the message alone (even with no account connected).
    await giveUpOverdueCalls(ctx.db);
    for (const account of this.#accounts.values()) {
      if (this.#working.has(account.id)) continue;
      const work = this.#work(account).finally(() => this.#working.delete(account.id));
      this.#working.set(account.id, work);
    }
  }

  async #work(account: Account): Promise<void> {
    const ctx = this.#ctx;
    try {
      if (!(await answerDueDialogs(ctx, account))) return;
      if (!this.#accounts.has(account.id)) return;
      if (!(await sendDueMessages(ctx, account))) return;
      if (!this.#accounts.has(account.id)) return;
      await placeUrgentCalls(ctx, account);
    } catch (err) {
      this.#deps.log.warn("sales engine: account work failed", { phone: account.phone, err });
    }
  }

  async #syncLeases(): Promise<void> {
    const ctx = this.#ctx;
    if (ctx.signal.aborted) return;
    const held = await renewAccountLeases(ctx.db, ctx.owner, [...this.#accounts.keys()], this.#leaseTtlMs);
    for (const id of [...this.#accounts.keys()]) {
      // Lost (expired while we were stuck, or the account was disabled): never run it beside its new holder.
      if (!held.includes(id)) await this.#drop(id, false);
    }
    const room = (this.#deps.maxAccounts ?? 50) - this.#accounts.size;
    const leased = await acquireAccountLeases(ctx.db, ctx.owner, this.#leaseTtlMs, room);
    for (const row of leased) {
      if (this.#accounts.has(row.id)) continue;
      try {
        const secrets = openAccountSecrets(ctx.key, row);
        const client = await ctx.port.connect({
          phone: row.phone,
          session: secrets.session,
          device: {
            deviceModel: row.device_model,
            systemVersion: row.system_version,
            appVersion: row.app_version,
            langCode: row.lang_code,
            systemLangCode: row.system_lang_code,
          },
          proxy: secrets.proxyUrl ? parseProxy(secrets.proxyUrl) : null,
        });
        const account: Account = { id: row.id, phone: row.phone, client };
        this.#accounts.set(row.id, account);
        client.onMessage((message) => {
          handleIncoming(ctx, account, message).catch((err: unknown) =>
            ctx.log.warn("sales engine: incoming message not stored yet; caught up on reconnect", { err }),
          );
        });
        await this.#catchUp(account);
      } catch (err) {
        const stopped = await handleAccountError(ctx, { id: row.id, phone: row.phone, client: nullClient }, err);
        if (!stopped) ctx.log.warn("sales account could not connect; will retry", { phone: row.phone, err });
        await this.#drop(row.id);
      }
    }
  }

  /** Messages that arrived while no process ran the account (a restart, an outage). */
  async #catchUp(account: Account): Promise<void> {
    const dialogs = await this.#ctx.db
      .selectFrom("sales_dialogs")
      .where("account_id", "=", account.id)
      .where("status", "not in", ["new", "closed"])
      .selectAll()
      .execute();
    for (const dialog of dialogs) {
      const peer = peerOf(dialog);
      if (!peer) continue;
      const latest = await latestIncoming(this.#ctx.db, dialog.id);
      for (const message of await account.client.incomingSince(peer, latest?.telegramMessageId ?? 0)) {
        await handleIncoming(this.#ctx, account, message);
      }
    }
  }

  async #drop(id: number, release = true): Promise<void> {
    const account = this.#accounts.get(id);
    this.#accounts.delete(id);
    await account?.client.close().catch(() => {});
    if (release) await releaseAccountLease(this.#ctx.db, this.#ctx.owner, id).catch(() => {});
  }
}

/** Stands in for a client that never connected, so connect failures go through the same handling. */
const nullClient: Account["client"] = new Proxy({} as Account["client"], {
  get: () => {
    throw new Error("not connected");
  },
});
