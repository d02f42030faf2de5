import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { ConfigError } from "./parse-env.ts";
import type { BaseEnv } from "./schemas.ts";

export type Mode = "demo" | "live";

export interface Secrets {
  /** `demo` when no Telegram bot token is configured: everything runs locally. */
  mode: Mode;
  /** The real bot token, or in demo mode a locally generated one used to sign demo initData. */
  botToken: string;
  /** Key for secrets at rest (AES-256-GCM). */
  encryptionKey: Buffer;
}

/**
 * Live mode needs every secret from the environment. Demo mode generates what is missing once and
 * keeps it under DATA_DIR, so sessions signed yesterday and data encrypted yesterday still work.
 */
export function resolveSecrets(env: BaseEnv): Secrets {
  if (env.TELEGRAM_BOT_TOKEN) {
    if (!env.ENCRYPTION_KEY) {
      throw new ConfigError(
        "Invalid environment:\n  ENCRYPTION_KEY: expects 32 random bytes as 64 hex characters (openssl rand -hex 32); it is required when TELEGRAM_BOT_TOKEN is set",
      );
    }
    return { mode: "live", botToken: env.TELEGRAM_BOT_TOKEN, encryptionKey: env.ENCRYPTION_KEY };
  }
  const dir = resolve(env.DATA_DIR);
  return {
    mode: "demo",
    botToken: keepFile(join(dir, "demo-bot-token"), () => `1000000001:${randomBytes(27).toString("base64url")}`),
    encryptionKey:
      env.ENCRYPTION_KEY ??
      Buffer.from(
        keepFile(join(dir, "encryption.key"), () => randomBytes(32).toString("hex")),
        "hex",
      ),
  };
}

function keepFile(path: string, create: () => string): string {
  try {
    return readFileSync(path, "utf8").trim();
  } catch {
    mkdirSync(join(path, ".."), { recursive: true });
    const value = create();
    writeFileSync(path, `${value}\n`, { mode: 0o600 });
    return value;
  }
}
