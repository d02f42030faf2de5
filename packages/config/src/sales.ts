import type { Mode } from "./secrets.ts";

type SalesEnv = {
  TELEGRAM_API_ID?: number | undefined;
  TELEGRAM_API_HASH?: string | undefined;
  OPENAI_BASE_URL?: string | undefined;
  OPENAI_API_KEY?: string | undefined;
  OPENAI_MODEL: string;
  OPENAI_FALLBACK_MODEL?: string | undefined;
  OPENAI_TIMEOUT_MS: number;
  OPENAI_MAX_RETRIES: number;
  MAX_DAILY_MESSAGES: number;
  MIN_MESSAGE_DELAY: number;
  SALES_ACTIVE_HOURS: { startMinute: number; endMinute: number };
  SALES_TIME_ZONE: string;
};

/**
 * How sales dialogs run:
 * - `live`: real Telegram user accounts over MTProto (TELEGRAM_API_ID/HASH set);
 * - `simulated`: demo mode without them — an in-process simulated Telegram with scripted prospects;
 * - `off`: live bot without MTProto credentials — admin commands say how to turn the feature on.
 */
export type SalesTelegram = { kind: "live"; apiId: number; apiHash: string } | { kind: "simulated" } | { kind: "off" };

export interface SalesConfig {
  telegram: SalesTelegram;
  llm: {
    /** Unset: the built-in OpenAI-compatible stub (only ever without real accounts). */
    baseUrl: string | undefined;
    apiKey: string | undefined;
    model: string;
    fallbackModel: string | undefined;
    timeoutMs: number;
    maxRetries: number;
  };
  limits: { maxDailyMessages: number; minMessageDelayMs: number };
  activeHours: { startMinute: number; endMinute: number };
  timeZone: string;
}

export function salesConfig(env: SalesEnv, mode: Mode): SalesConfig {
  const telegram: SalesTelegram =
    env.TELEGRAM_API_ID !== undefined && env.TELEGRAM_API_HASH !== undefined
      ? { kind: "live", apiId: env.TELEGRAM_API_ID, apiHash: env.TELEGRAM_API_HASH }
      : mode === "demo"
        ? { kind: "simulated" }
        : { kind: "off" };
  return {
    telegram,
    llm: {
      baseUrl: env.OPENAI_BASE_URL,
      apiKey: env.OPENAI_API_KEY,
      model: env.OPENAI_MODEL,
      fallbackModel: env.OPENAI_FALLBACK_MODEL,
      timeoutMs: env.OPENAI_TIMEOUT_MS,
      maxRetries: env.OPENAI_MAX_RETRIES,
    },
    limits: { maxDailyMessages: env.MAX_DAILY_MESSAGES, minMessageDelayMs: env.MIN_MESSAGE_DELAY * 1000 },
    activeHours: env.SALES_ACTIVE_HOURS,
    timeZone: env.SALES_TIME_ZONE,
  };
}
