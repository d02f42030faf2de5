import type { ApiConfig } from "@slotpilot/config";
import type { Db, Organization, User } from "@slotpilot/db";
import type { Locale } from "@slotpilot/domain";
import type { JobQueue } from "@slotpilot/jobs";
import type { Logger, Metrics } from "@slotpilot/observability";
import type { WbOfficialClient } from "@slotpilot/wb";
import type { MiddlewareHandler } from "hono";
import type { EventHub } from "./event-hub.ts";
import type { PaddleGateway } from "./paddle/gateway.ts";

/**
 * The Telegram bot as `/readyz` reports it: `disabled` in demo mode (no bot token), `connecting`
 * until Telegram first answers, `ok`, or `unreachable` after failed attempts (it keeps retrying).
 */
export type BotCheck = "disabled" | "connecting" | "ok" | "unreachable";

/**
 * Demo mode's WB sandbox (a process of its own) as `/readyz` reports it: `ok`, `restarting` after it
 * stopped (WB is unreachable meanwhile), or `down` once restarts gave up.
 */
export type SandboxCheck = "ok" | "restarting" | "down";

/**
 * The Telegram Bot API methods Stars payments need (grammY's `bot.api` fits): invoice links, refunds
 * and cancelling a subscription's renewal. Absent without a bot (demo): Stars show as unavailable.
 */
export interface StarsApi {
  createInvoiceLink(
    title: string,
    description: string,
    payload: string,
    providerToken: string,
    currency: string,
    prices: { label: string; amount: number }[],
    other?: { subscription_period?: number },
  ): Promise<string>;
  refundStarPayment(userId: number, telegramPaymentChargeId: string): Promise<true>;
  editUserStarSubscription(userId: number, telegramPaymentChargeId: string, isCanceled: boolean): Promise<true>;
}

/** What the API needs from the outside world; tests pass their own. */
export interface ApiDeps {
  config: ApiConfig;
  db: Db;
  queue: JobQueue;
  log: Logger;
  metrics: Metrics;
  /** WB's official API (the sandbox in demo mode and tests). */
  wb: WbOfficialClient;
  now?: () => Date;
  /** Telegram Stars (the bot's Bot API); absent without a bot. */
  stars?: StarsApi;
  /** Paddle (card payments on the web); absent when PADDLE_* is not configured. */
  paddle?: PaddleGateway;
  /**
   * Tests: told when a seller route answers an error status its OpenAPI entry does not list, so
   * the document is kept complete by every test that drives a route to an error.
   */
  onUndocumentedError?: (message: string) => void;
  /** Directory of the built Mini App, served at `/`. */
  miniappDir?: string;
  /** Telegram webhook handler (the bot's), mounted at /telegram/webhook when the bot runs in webhook mode. */
  telegramWebhook?: MiddlewareHandler;
  /** How the bot's connection to Telegram is doing, for `/readyz`; absent = no bot. */
  botStatus?: () => BotCheck;
  /** How demo mode's WB sandbox is doing, for `/readyz`; absent = no sandbox of this product's (live). */
  sandboxStatus?: () => SandboxCheck;
  /** Live events fanned out to SSE clients (`GET /api/events`); without it that route answers 503. */
  events?: EventHub;
  /** How long a portal login request waits for the worker's next step (default 25 s). */
  portalLoginWaitMs?: number;
  /** How long a request waits for a call in a cabinet's portal session (default 20 s). */
  portalCallTimeoutMs?: number;
}

export interface AppEnv {
  Variables: {
    /** The locale errors and messages are written in for this request. */
    locale: Locale;
    user: User;
    organization: Organization;
  };
}
