import { z } from "zod";

/** Reusable environment field schemas: each one explains what it expects when it fails. */

export const port = (fallback: number) =>
  z.coerce
    .number({ error: "expects a TCP port number" })
    .int("expects a whole TCP port number")
    .min(1, "expects a port from 1 to 65535")
    .max(65535, "expects a port from 1 to 65535")
    .default(fallback);

export const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

export const url = (what: string) =>
  z.url({ error: `expects ${what} (an absolute http(s) URL)` }).refine((v) => /^https?:/.test(v), {
    error: `expects ${what} (an absolute http(s) URL)`,
  });

export const optionalUrl = (what: string) => optionalString.pipe(url(what).optional());

export const telegramIds = z
  .string()
  .optional()
  .transform((v, ctx) => {
    const parts = (v ?? "")
      .split(",")
      .map((p) => p.trim())
      .filter(Boolean);
    const ids = parts.map(Number);
    if (ids.some((id) => !Number.isSafeInteger(id) || id <= 0)) {
      ctx.addIssue({ code: "custom", message: "expects comma-separated numeric Telegram user ids" });
      return z.NEVER;
    }
    return ids;
  });

export const botToken = optionalString.pipe(
  z
    .string()
    .regex(/^\d+:[A-Za-z0-9_-]{30,}$/, "expects a bot token from @BotFather, like 123456:ABC-DEF…")
    .optional(),
);

/** 32 bytes as 64 hex characters or base64. */
export const encryptionKey = optionalString.pipe(
  z
    .string()
    .transform((v, ctx) => {
      const key = /^[0-9a-f]{64}$/i.test(v) ? Buffer.from(v, "hex") : Buffer.from(v, "base64");
      if (key.length !== 32) {
        ctx.addIssue({
          code: "custom",
          message: "expects 32 random bytes as 64 hex characters or base64 (openssl rand -hex 32)",
        });
        return z.NEVER;
      }
      return key;
    })
    .optional(),
);

export const logLevel = z
  .enum(["debug", "info", "warn", "error"], { error: "expects one of debug, info, warn, error" })
  .default("info");
