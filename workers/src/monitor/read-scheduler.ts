/**
 * Decides which seller account reads the coefficients feed next, and when. Pure bookkeeping over
 * an injected `now`: no timers, no I/O, so every rule is tested with a fake clock.
 *
 * WB limits the feed per seller *account* (all its tokens share one bucket: 6 a minute, one back
 * every 10 s, burst 6, a 4xx charged as 10). So tokens are grouped by account, N accounts read in
 * turn every 10 s / N, and each account is held to one read per 10 s: that keeps WB's bucket full,
 * leaves the burst in reserve (a restart, a slow clock) and means no 60 s window ever sees more
 * than six reads from one account. A local mirror of WB's bucket carries the penalties WB applies
 * (a 4xx, a 429's `X-Ratelimit-Retry`) so the next read waits for them.
 */

export interface BudgetRule {
  /** Tokens in a full bucket (WB's burst). */
  burst: number;
  /** One token comes back every this many ms (WB's interval). */
  intervalMs: number;
  /** What WB charges for a 4xx answer. */
  clientErrorCost: number;
}

/** The coefficients feed with a Personal token (shared/wb/FACTS.md). */
export const FEED_BUDGET: BudgetRule = { burst: 6, intervalMs: 10_000, clientErrorCost: 10 };

export interface AccountTokens {
  /** The WB seller account: the unit WB's limits apply to. */
  accountId: string;
  /** Opaque ids of the account's tokens (never the tokens themselves), in order of preference. */
  tokenIds: readonly string[];
}

export interface PlannedRead {
  accountId: string;
  tokenId: string;
  /** Epoch ms at which the read may start. */
  at: number;
}

interface Account {
  id: string;
  tokenIds: string[];
  /** The mirrored bucket: its level at `bucketAt` (may be negative after a penalty). */
  bucket: number;
  bucketAt: number;
  lastReadAt: number;
}

export class ReadScheduler {
  private readonly rule: BudgetRule;
  private accounts: Account[] = [];
  private readonly refused = new Set<string>();
  /** When the last read started: the next one, by anyone, waits one stagger after it. */
  private lastStartAt = Number.NEGATIVE_INFINITY;
  /** Round-robin position: ties go to the account after the one that read last. */
  private cursor = 0;

  constructor(rule: BudgetRule = FEED_BUDGET) {
    this.rule = rule;
  }

  /**
   * Replaces the pool (a refresh from the database). Accounts already known keep their budget,
   * new ones start with a full bucket, tokens refused earlier stay out.
   */
  setAccounts(list: readonly AccountTokens[], now: number): void {
    const known = new Map(this.accounts.map((a) => [a.id, a]));
    const next: Account[] = [];
    for (const { accountId, tokenIds } of list) {
      const usable = tokenIds.filter((id) => !this.refused.has(id));
      if (usable.length === 0) continue;
      const existing = known.get(accountId);
      next.push(
        existing
          ? { ...existing, tokenIds: usable }
          : {
              id: accountId,
              tokenIds: usable,
              bucket: this.rule.burst,
              bucketAt: now,
              lastReadAt: Number.NEGATIVE_INFINITY,
            },
      );
    }
    this.accounts = next;
    this.cursor %= Math.max(1, next.length);
  }

  /** Accounts with at least one token WB has not refused. */
  get usableAccounts(): number {
    return this.accounts.length;
  }

  get usableTokens(): number {
    return this.accounts.reduce((n, a) => n + a.tokenIds.length, 0);
  }

  /** Read every `interval / N` ms with N accounts: the pool's combined pace. */
  get staggerMs(): number {
    return this.rule.intervalMs / Math.max(1, this.accounts.length);
  }

  /** The next read: which account, which of its tokens, and when. Null when no token is usable. */
  next(now: number): PlannedRead | null {
    let best: { account: Account; at: number } | undefined;
    const count = this.accounts.length;
    for (let i = 0; i < count; i++) {
      const account = this.accounts[(this.cursor + i) % count] as Account;
      const at = Math.max(now, this.lastStartAt + this.staggerMs, this.readyAt(account));
      if (!best || at < best.at) best = { account, at };
    }
    if (!best) return null;
    return { accountId: best.account.id, tokenId: best.account.tokenIds[0] as string, at: best.at };
  }

  /** A read is going out now: it costs one token whatever WB answers. */
  started(accountId: string, now: number): void {
    const index = this.accounts.findIndex((a) => a.id === accountId);
    const account = this.accounts[index];
    if (!account) return;
    this.refill(account, now);
    account.bucket -= 1;
    account.lastReadAt = now;
    this.lastStartAt = now;
    this.cursor = (index + 1) % this.accounts.length;
  }

  /** 429: WB says when this account's bucket holds one token again; the mirror adopts that. */
  rateLimited(accountId: string, now: number, retryAfterMs: number): void {
    const account = this.find(accountId);
    if (!account) return;
    account.bucket = 1 - retryAfterMs / this.rule.intervalMs;
    account.bucketAt = now;
  }

  /** Any other 4xx: WB charges it as `clientErrorCost` requests (one was charged at start). */
  clientError(accountId: string, now: number): void {
    const account = this.find(accountId);
    if (!account) return;
    this.refill(account, now);
    account.bucket -= this.rule.clientErrorCost - 1;
  }

  /**
   * 401/403: the token is revoked or wrong. It leaves the pool for good (until the cabinet's token
   * changes, which gives it another id); the account keeps reading with its other tokens, if any.
   * Counted as a 4xx too, in case WB charges it. Returns whether the account is left without tokens.
   */
  unauthorized(accountId: string, tokenId: string, now: number): boolean {
    this.refused.add(tokenId);
    this.clientError(accountId, now);
    const account = this.find(accountId);
    if (!account) return true;
    account.tokenIds = account.tokenIds.filter((id) => id !== tokenId);
    if (account.tokenIds.length > 0) return false;
    this.accounts = this.accounts.filter((a) => a !== account);
    this.cursor %= Math.max(1, this.accounts.length);
    return true;
  }

  isRefused(tokenId: string): boolean {
    return this.refused.has(tokenId);
  }

  private find(accountId: string): Account | undefined {
    return this.accounts.find((a) => a.id === accountId);
  }

  private refill(account: Account, now: number): void {
    const elapsed = Math.max(0, now - account.bucketAt);
    account.bucket = Math.min(this.rule.burst, account.bucket + elapsed / this.rule.intervalMs);
    account.bucketAt = now;
  }

  /** When the account may read again: one interval after its last read, and a token in its bucket. */
  private readyAt(account: Account): number {
    const paced = account.lastReadAt + this.rule.intervalMs;
    const level = Math.min(this.rule.burst, account.bucket);
    const funded = level >= 1 ? account.bucketAt : account.bucketAt + (1 - level) * this.rule.intervalMs;
    return Math.max(paced, funded);
  }
}
