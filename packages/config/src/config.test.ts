import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadApiConfig, loadWorkersConfig } from "./index.ts";

const made: string[] = [];
const dataDir = () => {
  const dir = mkdtempSync(join(tmpdir(), "slotpilot-config-"));
  made.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});
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

  it("reads the sales settings, with defaults, and says what a bad one expects", () => {
    const demo = loadApiConfig({ DATA_DIR: dataDir() });
    expect(demo.sales).toMatchObject({
      telegram: { kind: "simulated" },
      llm: { baseUrl: undefined, model: "gpt-4o-mini", timeoutMs: 30_000, maxRetries: 2 },
      limits: { maxDailyMessages: 20, minMessageDelayMs: 30_000 },
      activeHours: { startMinute: 540, endMinute: 1260 },
      timeZone: "Europe/Moscow",
    });
    const token = "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghi";
    const live = { DATA_DIR: dataDir(), TELEGRAM_BOT_TOKEN: token, ENCRYPTION_KEY: "0f".repeat(32) };
    expect(loadApiConfig(live).sales.telegram).toEqual({ kind: "off" });
    const withMtproto = loadApiConfig({
      ...live,
      TELEGRAM_API_ID: "12345",
      TELEGRAM_API_HASH: "0123456789abcdef0123456789abcdef",
      OPENAI_BASE_URL: "https://openrouter.ai/api/v1",
      MAX_DAILY_MESSAGES: "15",
      MIN_MESSAGE_DELAY: "45",
      SALES_ACTIVE_HOURS: "22:00-06:00",
    });
    expect(withMtproto.sales).toMatchObject({
      telegram: { kind: "live", apiId: 12345 },
      limits: { maxDailyMessages: 15, minMessageDelayMs: 45_000 },
      activeHours: { startMinute: 1320, endMinute: 360 },
    });
    expect(failure({ DATA_DIR: dataDir(), TELEGRAM_API_ID: "12345" })).toMatch(
      /TELEGRAM_API_HASH: is required together with the other/,
    );
    expect(
      failure({ DATA_DIR: dataDir(), TELEGRAM_API_ID: "12345", TELEGRAM_API_HASH: "0123456789abcdef0123456789abcdef" }),
    ).toMatch(/OPENAI_BASE_URL: is required when TELEGRAM_API_ID is set/);
    expect(failure({ DATA_DIR: dataDir(), SALES_ACTIVE_HOURS: "9-21" })).toMatch(
      /SALES_ACTIVE_HOURS: expects a daily window like 09:00-21:00/,
    );
    expect(failure({ DATA_DIR: dataDir(), MAX_DAILY_MESSAGES: "0" })).toMatch(/MAX_DAILY_MESSAGES: expects at least 1/);
    expect(failure({ DATA_DIR: dataDir(), SALES_TIME_ZONE: "Mars/Olympus" })).toMatch(
      /SALES_TIME_ZONE: expects an IANA time zone/,
    );
  });

  it("listens on loopback in demo mode (its demo sign-in lets anyone in) and everywhere live, unless HOST says", () => {
    const token = "123456:ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghi";
    expect(loadApiConfig({ DATA_DIR: dataDir() }).host).toBe("127.0.0.1");
    expect(loadApiConfig({ DATA_DIR: dataDir(), HOST: "0.0.0.0" }).host).toBe("0.0.0.0");
    const live = { DATA_DIR: dataDir(), TELEGRAM_BOT_TOKEN: token, ENCRYPTION_KEY: "0f".repeat(32) };
    expect(loadApiConfig(live).host).toBe("0.0.0.0");
    expect(loadApiConfig({ ...live, HOST: "127.0.0.1" }).host).toBe("127.0.0.1");
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
      BOOKING_STRATEGY: "rpc",
      BOOKING_SOLVE_AHEAD: "on",
    });
    expect(() => loadWorkersConfig({ DATA_DIR: dir, BOOKING_STRATEGY: "clicks" })).toThrow(
      /BOOKING_STRATEGY: expects rpc or ui/,
    );
    expect(loadWorkersConfig({ DATA_DIR: dir, BOOKING_SOLVE_AHEAD: "off" }).env.BOOKING_SOLVE_AHEAD).toBe("off");
    expect(() => loadWorkersConfig({ DATA_DIR: dir, BOOKING_SOLVE_AHEAD: "later" })).toThrow(
      /BOOKING_SOLVE_AHEAD: expects on or off/,
    );
    const bad = () =>
      loadWorkersConfig({ DATA_DIR: dir, PORTAL_LEASE_TTL_SECONDS: "600", PORTAL_RECYCLE_WINDOW: "3am" });
    expect(bad).toThrow(/PORTAL_LEASE_TTL_SECONDS: expects at most 120/);
    expect(bad).toThrow(/PORTAL_RECYCLE_WINDOW: expects a Moscow-time window like 03:00-04:00/);
    expect(loadWorkersConfig({ DATA_DIR: dir, PORTAL_SESSIONS: "off" }).env.PORTAL_SESSIONS).toBe(false);
  });
});
