import { type Db, upsertTelegramUser } from "@slotpilot/db";
import { seedSalesAccount } from "@slotpilot/db/testing";
import { silentLogger } from "@slotpilot/observability";
import { type OpenAiStub, startOpenAiStub } from "@slotpilot/openai-stub";
import { SimulatedTelegram } from "@slotpilot/telegram-user/simulated";
import type { DialogEngineDeps } from "./context.ts";
import { DialogEngine } from "./engine.ts";
import { openAiLlm } from "./llm.ts";

export const KEY = Buffer.alloc(32, 7);
export const ADMIN_TELEGRAM_ID = 9001;
/** Instant pacing and no active-hours window: tests do not wait for a human. */
export const FAST = {
  pacing: { readDelayMs: () => 0, typingMs: () => 0, typingPulseMs: 10 },
  activeHours: { startMinute: 0, endMinute: 1440, timeZone: "Europe/Moscow" },
  limits: { maxDailyMessages: 20, minMessageDelayMs: 0 },
};

/** An account in the simulated Telegram and in the database, ready to be leased. */
export async function seedAccount(db: Db, telegram: SimulatedTelegram, phone: string): Promise<number> {
  telegram.addAccount({ phone, username: `acc${phone.slice(-4)}` });
  return seedSalesAccount(db, KEY, { phone, session: telegram.issueSession(phone) });
}

export async function seedAdmin(db: Db): Promise<number> {
  const { user } = await upsertTelegramUser(
    db,
    { telegramId: ADMIN_TELEGRAM_ID, firstName: "Admin", languageCode: "en" },
    { isAdmin: true },
  );
  return user.id;
}

export interface Harness {
  telegram: SimulatedTelegram;
  stub: OpenAiStub;
  engine(overrides?: Partial<DialogEngineDeps>): DialogEngine;
  close(): Promise<void>;
}

/** A simulated Telegram, the OpenAI stub behind the real SDK, and engines on `db`. */
export async function harness(db: Db): Promise<Harness> {
  const telegram = new SimulatedTelegram();
  const stub = await startOpenAiStub({ responder: () => ({ content: "Здравствуйте! Как вы ловите слоты?" }) });
  const engines: DialogEngine[] = [];
  return {
    telegram,
    stub,
    engine(overrides = {}) {
      const engine = new DialogEngine({
        db,
        port: telegram,
        llm: openAiLlm({
          baseUrl: stub.url,
          apiKey: "test",
          model: "gpt-test",
          fallbackModel: undefined,
          timeoutMs: 5000,
          maxRetries: 0,
        }),
        log: silentLogger,
        encryptionKey: KEY,
        adminTelegramIds: [ADMIN_TELEGRAM_ID],
        llmRetryMs: 0,
        ...FAST,
        ...overrides,
      });
      engines.push(engine);
      return engine;
    },
    async close() {
      for (const e of engines) await e.stop();
      await stub.close();
    },
  };
}

/** Sales events queued for admins, as `event` names in order. */
export async function adminEvents(db: Db): Promise<{ event: string; params: Record<string, unknown> }[]> {
  const rows = await db
    .selectFrom("notifications")
    .where("kind", "=", "sales.event")
    .where("chat_id", "=", ADMIN_TELEGRAM_ID)
    .select("payload")
    .orderBy("id")
    .execute();
  return rows.map((r) => r.payload as { event: string; params: Record<string, unknown> });
}

export async function waitFor(check: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}
