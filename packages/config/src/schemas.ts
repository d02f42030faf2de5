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
  /** A self-hosted Bot API server (telegram-bot-api), e.g. http://127.0.0.1:8081; default api.telegram.org. */
  TELEGRAM_API_ROOT: optionalUrl("the base URL of a Telegram Bot API server"),
  ENCRYPTION_KEY: encryptionKey,
  LOG_LEVEL: logLevel,
  /** Talk to a WB sandbox at this base URL instead of Wildberries (demo mode starts its own). */
  WB_SANDBOX_URL: optionalUrl("the base URL of a WB sandbox"),
});

export const apiEnvSchema = baseEnvSchema
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
    if (env.TELEGRAM_WEBHOOK_URL && !env.TELEGRAM_WEBHOOK_SECRET) {
      ctx.addIssue({
        code: "custom",
        path: ["TELEGRAM_WEBHOOK_SECRET"],
        message: "is required when TELEGRAM_WEBHOOK_URL is set (16-256 characters of A-Z, a-z, 0-9, _ and -)",
      });
    }
  });

export const workersEnvSchema = baseEnvSchema.extend({
  ADMIN_TELEGRAM_IDS: telegramIds,
  /** The Mini App's public URL: alert buttons open tasks there. Same variable, same default as the API's. */
  PUBLIC_URL: optionalUrl("the public URL of the API and Mini App"),
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
