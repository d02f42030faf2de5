import type { Db, SendLimits } from "@slotpilot/db";
import { adminChatIds, type Executor, enqueueSalesEvent } from "@slotpilot/db";
import { type ActiveHours, localDay, readDelayMs, typingMs } from "@slotpilot/domain";
import type { Logger } from "@slotpilot/observability";
import type { Peer, TelegramUserPort, UserClient } from "@slotpilot/telegram-user";
import type { Clock } from "../monitor/clock.ts";
import type { SalesLlm } from "./llm.ts";

/** Human pacing, replaceable in tests so they need not wait seconds. */
export interface Pacing {
  readDelayMs(random: number): number;
  typingMs(text: string, random: number): number;
  /** "typing…" fades after ~5 s: it is repeated this often while the account types. */
  typingPulseMs: number;
}

export const HUMAN_PACING: Pacing = { readDelayMs, typingMs, typingPulseMs: 4500 };

export interface DialogEngineDeps {
  db: Db;
  port: TelegramUserPort;
  llm: SalesLlm;
  log: Logger;
  /** Opens sealed sessions, proxies and login secrets. */
  encryptionKey: Buffer;
  limits: SendLimits;
  activeHours: ActiveHours;
  adminTelegramIds: readonly number[];
  /** This process's lease name; unique per process. */
  owner?: string;
  leaseTtlMs?: number;
  /** Accounts one process runs at most. */
  maxAccounts?: number;
  tickMs?: number;
  clock?: Clock;
  random?: () => number;
  pacing?: Pacing;
  /** How long an urgent call rings before it is hung up. */
  ringMs?: number;
  /** A FloodWait longer than this pauses the account and tells admins; shorter ones are slept off. */
  longFloodWaitS?: number;
  /** LLM failures in a row before the dialog goes to a human. */
  maxLlmFailures?: number;
  llmRetryMs?: number;
}

export interface Account {
  id: number;
  phone: string;
  client: UserClient;
}

/** What every part of the engine shares. */
export interface EngineContext {
  db: Db;
  port: TelegramUserPort;
  llm: SalesLlm;
  log: Logger;
  key: Buffer;
  limits: SendLimits;
  hours: ActiveHours;
  owner: string;
  clock: Clock;
  random: () => number;
  pacing: Pacing;
  ringMs: number;
  longFloodWaitS: number;
  maxLlmFailures: number;
  llmRetryMs: number;
  signal: AbortSignal;
  now(): Date;
  /** The day the accounts' counters are on. */
  today(): string;
  /** Tells every admin (or only `chats`). */
  tellAdmins(
    db: Executor,
    event: string,
    params: Record<string, string | number>,
    key: string,
    chats?: readonly number[],
  ): Promise<void>;
  /** Lets go of an account that can no longer run (paused, lease lost). */
  dropAccount(accountId: number): Promise<void>;
}

export function engineContext(
  deps: DialogEngineDeps,
  owner: string,
  clock: Clock,
  signal: AbortSignal,
  dropAccount: (id: number) => Promise<void>,
): EngineContext {
  const now = () => new Date(clock.now());
  return {
    db: deps.db,
    port: deps.port,
    llm: deps.llm,
    log: deps.log,
    key: deps.encryptionKey,
    limits: deps.limits,
    hours: deps.activeHours,
    owner,
    clock,
    random: deps.random ?? Math.random,
    pacing: deps.pacing ?? HUMAN_PACING,
    ringMs: deps.ringMs ?? 25_000,
    longFloodWaitS: deps.longFloodWaitS ?? 600,
    maxLlmFailures: deps.maxLlmFailures ?? 3,
    llmRetryMs: deps.llmRetryMs ?? 60_000,
    signal,
    now,
    today: () => localDay(now(), deps.activeHours.timeZone),
    async tellAdmins(db, event, params, key, chats) {
      const to = chats ?? (await adminChatIds(db, deps.adminTelegramIds));
      await enqueueSalesEvent(db, to, { event, params, key });
    },
    dropAccount,
  };
}

export const peerOf = (dialog: { target_user_id: number | null; target_access_hash: string | null }): Peer | null =>
  dialog.target_user_id !== null && dialog.target_access_hash !== null
    ? { userId: dialog.target_user_id, accessHash: dialog.target_access_hash }
    : null;
