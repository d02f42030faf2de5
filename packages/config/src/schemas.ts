import { z } from "zod";
import { billingEnvFields, refineBilling } from "./billing.ts";
import { botToken, encryptionKey, logLevel, optionalString, optionalUrl, port, telegramIds } from "./fields.ts";

/** Variables every app reads: where the data lives and how to reach the database. */
export const baseEnvSchema = z.object({
  DATA_DIR: z.string().default("./.data"),
  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, "expects a postgres:// connection URL")
      .optional(),
  ),
  EMBEDDED_PG_PORT: port(54329),
  TELEGRAM_BOT_TOKEN: botToken,
  /** A self-hosted Bot API server (telegram-bot-api), e.g. http://127.0.0.1:8081; default api.telegram.org. */
  TELEGRAM_API_ROOT: optionalUrl("the base URL of a Telegram Bot API server"),
  ENCRYPTION_KEY: encryptionKey,
  LOG_LEVEL: logLevel,
  /** Talk to a WB sandbox at this base URL instead of Wildberries (demo mode starts its own). */
  WB_SANDBOX_URL: optionalUrl("the base URL of a WB sandbox"),
});

/**
 * Sales dialogs (Telegram user accounts answering prospects through an LLM). Shared by the API
 * (limits shown to admins, dialogs created) and the workers (the engine).
 */
const activeHours = z
  .string()
  .default("09:00-21:00")
  .transform((v, ctx) => {
    const m = v.trim().match(/^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/);
    const [startMinute, endMinute] = m ? [Number(m[1]) * 60 + Number(m[2]), Number(m[3]) * 60 + Number(m[4])] : [0, 0];
    if (!m || startMinute === endMinute) {
      ctx.addIssue({ code: "custom", message: "expects a daily window like 09:00-21:00 (start and end differ)" });
      return z.NEVER;
    }
    return { startMinute, endMinute };
  });

const timeZone = z
  .string()
  .default("Europe/Moscow")
  .refine(
    (v) => {
      try {
        new Intl.DateTimeFormat("en", { timeZone: v });
        return true;
      } catch {
        return false;
      }
    },
    { error: "expects an IANA time zone such as Europe/Moscow" },
  );

const wholeNumber = (what: string, min: number, max: number, fallback: number) =>
  z.coerce
    .number({ error: `expects ${what}` })
    .int(`expects ${what}`)
    .min(min, `expects at least ${min}`)
    .max(max, `expects at most ${max}`)
    .default(fallback);

export const salesEnvFields = {
  /** MTProto app credentials from my.telegram.org. Unset: no real user accounts (demo simulates them). */
  TELEGRAM_API_ID: optionalString.pipe(
    z
      .string()
      .regex(/^[1-9]\d{0,11}$/, "expects the numeric api_id from my.telegram.org")
      .transform(Number)
      .optional(),
  ),
  TELEGRAM_API_HASH: optionalString.pipe(
    z
      .string()
      .regex(/^[0-9a-f]{32}$/i, "expects the 32-character api_hash from my.telegram.org")
      .optional(),
  ),
  /** Unset: the built-in OpenAI-compatible stub (demo only). */
  OPENAI_BASE_URL: optionalUrl("the base URL of an OpenAI-compatible API, e.g. https://openrouter.ai/api/v1"),
  OPENAI_API_KEY: optionalString,
  OPENAI_MODEL: z.string().trim().min(1, "expects a model name").default("gpt-4o-mini"),
  OPENAI_FALLBACK_MODEL: optionalString,
  OPENAI_TIMEOUT_MS: wholeNumber("a timeout in milliseconds", 1000, 300_000, 30_000),
  OPENAI_MAX_RETRIES: wholeNumber("a number of retries", 0, 5, 2),
  /** Messages one account may send a day (openers, replies and calls together). */
  MAX_DAILY_MESSAGES: wholeNumber("a number of messages per day", 1, 500, 20),
  /** Seconds between two messages from one account. */
  MIN_MESSAGE_DELAY: wholeNumber("a number of seconds", 1, 3600, 30),
  /** When accounts write, in SALES_TIME_ZONE. */
  SALES_ACTIVE_HOURS: activeHours,
  SALES_TIME_ZONE: timeZone,
};

/** Checks that concern more than one sales variable. */
function refineSales(
  env: {
    TELEGRAM_API_ID?: number | undefined;
    TELEGRAM_API_HASH?: string | undefined;
    OPENAI_BASE_URL?: string | undefined;
  },
  ctx: z.RefinementCtx,
) {
  if ((env.TELEGRAM_API_ID === undefined) !== (env.TELEGRAM_API_HASH === undefined)) {
    ctx.addIssue({
      code: "custom",
      path: [env.TELEGRAM_API_ID === undefined ? "TELEGRAM_API_ID" : "TELEGRAM_API_HASH"],
      message: "is required together with the other of TELEGRAM_API_ID and TELEGRAM_API_HASH",
    });
  }
  if (env.TELEGRAM_API_ID !== undefined && !env.OPENAI_BASE_URL) {
    ctx.addIssue({
      code: "custom",
      path: ["OPENAI_BASE_URL"],
      message: "is required when TELEGRAM_API_ID is set: real prospects are never answered by the demo stub",
    });
  }
}

export const apiEnvSchema = baseEnvSchema
  .extend(salesEnvFields)
  .extend(billingEnvFields)
  .extend({
    PORT: port(8080),
    /** Unset: loopback in demo mode (its /dev/session signs anyone in), every interface in live mode. */
    HOST: optionalString,
    /** Bearer token for /metrics; unset, /metrics answers only while the API listens on loopback. */
    METRICS_TOKEN: optionalString.pipe(
      z
        .string()
        .regex(/^[\x21-\x7E]{16,256}$/, "expects 16-256 printable characters (openssl rand -hex 16)")
        .optional(),
    ),
    PUBLIC_URL: optionalUrl("the public URL of the API and Mini App"),
    ADMIN_TELEGRAM_IDS: telegramIds,
    TELEGRAM_WEBHOOK_URL: optionalUrl("the public HTTPS URL Telegram posts updates to"),
    TELEGRAM_WEBHOOK_SECRET: optionalString.pipe(
      z
        .string()
        .regex(/^[A-Za-z0-9_-]{16,256}$/, "expects 16-256 characters of A-Z, a-z, 0-9, _ and -")
        .optional(),
    ),
  })
  .superRefine((env, ctx) => {
    refineSales(env, ctx);
    refineBilling(env, ctx);
    if (env.TELEGRAM_WEBHOOK_URL && !env.TELEGRAM_WEBHOOK_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["TELEGRAM_WEBHOOK_SECRET"],
        message: "is required when TELEGRAM_WEBHOOK_URL is set (16-256 characters of A-Z, a-z, 0-9, _ and -)",
      });
    }
  });

const onOff = (fallback: "on" | "off") =>
  z
    .enum(["on", "off"], { error: "expects on or off" })
    .default(fallback)
    .transform((v) => v === "on");

const positiveInt = (what: string, min: number, max: number, fallback: number) =>
  z.coerce
    .number({ error: `expects ${what}` })
    .int(`expects ${what}`)
    .min(min, `expects at least ${min}`)
    .max(max, `expects at most ${max}`)
    .default(fallback);

export const workersEnvSchema = baseEnvSchema
  .extend(salesEnvFields)
  .extend(billingEnvFields)
  .extend({
    ADMIN_TELEGRAM_IDS: telegramIds,
    /** The Mini App's public URL: alert buttons open tasks there. Same variable, same default as the API's. */
    PUBLIC_URL: optionalUrl("the public URL of the API and Mini App"),
    /** Only to derive PUBLIC_URL's default the way the API does (`http://localhost:$PORT`). */
    PORT: port(8080),
    WORKER_CONCURRENCY: z.coerce
      .number({ error: "expects a number of parallel jobs" })
      .int()
      .min(1, "expects at least 1")
      .max(64, "expects at most 64")
      .default(4),
    /** Run the portal session keeper (a Chromium with one context per leased cabinet) in this process. */
    PORTAL_SESSIONS: onOff("on"),
    /** Cabinets (browser contexts) this worker's Chromium carries at most. */
    PORTAL_CAPACITY: positiveInt("a number of cabinets", 1, 1000, 50),
    /** A dead worker's cabinets are taken over this long after its last heartbeat. */
    PORTAL_LEASE_TTL_SECONDS: positiveInt("a number of seconds", 5, 120, 90),
    /** Moscow time, HH:MM-HH:MM: when browser contexts are recycled each day. */
    PORTAL_RECYCLE_WINDOW: z
      .string()
      .regex(/^\d{1,2}:\d{2}-\d{1,2}:\d{2}$/, "expects a Moscow-time window like 03:00-04:00")
      .default("03:00-04:00"),
    /** Past this much memory (worker plus Chromium), the worker recycles its browser contexts. */
    PORTAL_MEMORY_LIMIT_MB: positiveInt("a number of megabytes", 256, 1_048_576, 4096),
    /** A login left waiting for the seller's code this long is stopped. */
    PORTAL_LOGIN_TIMEOUT_SECONDS: positiveInt("a number of seconds", 60, 3600, 600),
    /** Chromium to use instead of Playwright's own (or the system's, found automatically). */
    CHROMIUM_PATH: optionalString,
    /** How the booker plans a supply: the portal's JSON-RPC from inside the page, or clicking its UI. */
    BOOKING_STRATEGY: z.enum(["rpc", "ui"], { error: "expects rpc or ui" }).default("rpc"),
    /**
     * `on`: the pages of cabinets that may book any moment get ready ahead — the planning
     * challenge solved, so a booking is one call (RPC strategy); the supply's page open, so a
     * booking starts by clicking (UI strategy). `off`: each booking does it all itself (if WB ever
     * frowns on challenges solved without a booking after them).
     */
    BOOKING_SOLVE_AHEAD: z.enum(["on", "off"], { error: "expects on or off" }).default("on"),
  })
  .superRefine((env, ctx) => {
    refineSales(env, ctx);
    refineBilling(env, ctx);
  });

export const sandboxEnvSchema = z.object({
  SANDBOX_PORT: port(8090),
  SANDBOX_SEED: z.coerce.number({ error: "expects a whole number seed" }).int().default(42),
  SANDBOX_CONTROL: z
    .enum(["on", "off"], { error: "expects on or off" })
    .default("off")
    .transform((v) => v === "on"),
  /**
   * Keep sellers, tokens, supplies and portal sessions in this file across restarts of the sandbox
   * (demo mode's product restarts the sandbox it runs with it); unset: each start is a new world.
   */
  SANDBOX_STATE_FILE: optionalString,
});

export type BaseEnv = z.output<typeof baseEnvSchema>;
export type ApiEnv = z.output<typeof apiEnvSchema>;
export type WorkersEnv = z.output<typeof workersEnvSchema>;
export type SandboxEnv = z.output<typeof sandboxEnvSchema>;
