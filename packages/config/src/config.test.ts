import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadApiConfig, loadWorkersConfig } from "./index.ts";

const dataDir = () => mkdtempSync(join(tmpdir(), "slotpilot-config-"));
const failure = (env: Record<string, string>) => {
  try {
    loadApiConfig(env);
  } catch (e) {
    return (e as Error).message;
  }
  return "no error";
};

describe("configuration", () => {
  it("with nothing set runs in demo mode on embedded defaults, keeping its generated secrets", () => {
    const dir = dataDir();
    const config = loadApiConfig({ DATA_DIR: dir });
    expect(config.mode).toBe("demo");
    expect(config.env.PORT).toBe(8080);
    expect(config.publicUrl).toBe("http://localhost:8080");
    expect(config.db.url).toBeUndefined();
    expect(config.encryptionKey).toHaveLength(32);
    // A restart reads the same secrets back: yesterday's sessions and ciphertexts stay valid.
    const again = loadApiConfig({ DATA_DIR: dir });
    expect(again.botToken).toBe(config.botToken);
    expect(again.encryptionKey.equals(config.encryptionKey)).toBe(true);
    expect(readFileSync(join(dir, "encryption.key"), "utf8").trim()).toBe(config.encryptionKey.toString("hex"));
  });

  it("names the variable and what it expects when a value is bad", () => {
    expect(failure({ DATA_DIR: dataDir(), PORT: "eighty" })).toMatch(/PORT: expects a TCP port number/);
    expect(failure({ DATA_DIR: dataDir(), DATABASE_URL: "mysql://x" })).toMatch(
      /DATABASE_URL: expects a postgres:\/\/ connection URL/,
    );
    expect(failure({ DATA_DIR: dataDir(), ADMIN_TELEGRAM_IDS: "12,abc" })).toMatch(
      /ADMIN_TELEGRAM_IDS: expects comma-separated numeric Telegram user ids/,
    );
    expect(failure({ DATA_DIR: dataDir(), TELEGRAM_BOT_TOKEN: "nope" })).toMatch(
      /TELEGRAM_BOT_TOKEN: expects a bot token from @BotFather/,
    );
  });

  it("requires an encryption key with a real bot token, and a secret with a webhook", () => {
    const token = "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghi";
    expect(failure({ DATA_DIR: dataDir(), TELEGRAM_BOT_TOKEN: token })).toMatch(
      /ENCRYPTION_KEY: expects 32 random bytes/,
    );
    expect(failure({ DATA_DIR: dataDir(), TELEGRAM_WEBHOOK_URL: "https://example.com/telegram/webhook" })).toMatch(
      /TELEGRAM_WEBHOOK_SECRET: is required when TELEGRAM_WEBHOOK_URL is set/,
    );
    const live = loadApiConfig({ DATA_DIR: dataDir(), TELEGRAM_BOT_TOKEN: token, ENCRYPTION_KEY: "0f".repeat(32) });
    expect(live.mode).toBe("live");
    expect(live.botToken).toBe(token);
  });

  it("gives the standalone workers the API's public URL by the same rule, and the portal settings", () => {
    const dir = dataDir();
    const workers = loadWorkersConfig({ DATA_DIR: dir, PORT: "9191" });
    expect(workers.publicUrl).toBe(loadApiConfig({ DATA_DIR: dir, PORT: "9191" }).publicUrl);
    expect(workers.publicUrl).toBe("http://localhost:9191");
    expect(loadWorkersConfig({ DATA_DIR: dir, PUBLIC_URL: "https://slotpilot.example" }).publicUrl).toBe(
      "https://slotpilot.example",
    );
    expect(workers.env).toMatchObject({
      PORTAL_SESSIONS: true,
      PORTAL_CAPACITY: 50,
      PORTAL_LEASE_TTL_SECONDS: 90,
      PORTAL_RECYCLE_WINDOW: "03:00-04:00",
    });
    const bad = () =>
      loadWorkersConfig({ DATA_DIR: dir, PORTAL_LEASE_TTL_SECONDS: "600", PORTAL_RECYCLE_WINDOW: "3am" });
    expect(bad).toThrow(/PORTAL_LEASE_TTL_SECONDS: expects at most 120/);
    expect(bad).toThrow(/PORTAL_RECYCLE_WINDOW: expects a Moscow-time window like 03:00-04:00/);
    expect(loadWorkersConfig({ DATA_DIR: dir, PORTAL_SESSIONS: "off" }).env.PORTAL_SESSIONS).toBe(false);
  });
});
