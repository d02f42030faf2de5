import { z } from "zod";
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
  ENCRYPTION_KEY: encryptionKey,
  LOG_LEVEL: logLevel,
  /** Talk to a WB sandbox at this base URL instead of Wildberries (demo mode starts its own). */
  WB_SANDBOX_URL: optionalUrl("the base URL of a WB sandbox"),
});

export const apiEnvSchema = baseEnvSchema
  .extend({
    PORT: port(8080),
    HOST: z.string().default("0.0.0.0"),
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

export const workersEnvSchema = baseEnvSchema.extend({
  ADMIN_TELEGRAM_IDS: telegramIds,
  /** The Mini App's public URL: alert buttons open tasks there. Same variable, same default as the API's. */
  PUBLIC_URL: optionalUrl("the public URL of the API and Mini App"),
  /** Only to derive PUBLIC_URL's default the way the API does (`http://localhost:$PORT`). */
  PORT: port(8080),
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
  WORKER_CONCURRENCY: z.coerce
    .number({ error: "expects a number of parallel jobs" })
    .int()
    .min(1, "expects at least 1")
    .max(64, "expects at most 64")
    .default(4),
});

export const sandboxEnvSchema = z.object({
  SANDBOX_PORT: port(8090),
  SANDBOX_SEED: z.coerce.number({ error: "expects a whole number seed" }).int().default(42),
  SANDBOX_CONTROL: z
    .enum(["on", "off"], { error: "expects on or off" })
    .default("off")
    .transform((v) => v === "on"),
});

export type BaseEnv = z.output<typeof baseEnvSchema>;
export type ApiEnv = z.output<typeof apiEnvSchema>;
export type WorkersEnv = z.output<typeof workersEnvSchema>;
export type SandboxEnv = z.output<typeof sandboxEnvSchema>;
