import type { SalesConfig } from "@slotpilot/config";
import { type Db, sealAccountSecrets } from "@slotpilot/db";
import type { Logger } from "@slotpilot/observability";
import { startOpenAiStub } from "@slotpilot/openai-stub";
import { pickDevice, type TelegramUserPort } from "@slotpilot/telegram-user";
import { DEMO_ACCOUNT_PHONE, SimulatedTelegram, stockDemoTelegram } from "@slotpilot/telegram-user/simulated";
import { DialogEngine } from "./engine.ts";
import { openAiLlm } from "./llm.ts";

export interface DialogEngineWiring {
  db: Db;
  sales: SalesConfig;
  encryptionKey: Buffer;
  adminTelegramIds: readonly number[];
  log: Logger;
}

export interface RunningDialogEngine {
  /** One line for the start-up banner: what runs and against what. */
  summary: string;
  stop(): Promise<void>;
}

/**
 * The sales-dialog engine, wired for production or demo from the configuration — the one call a
 * deployable makes. Live: teleproto against Telegram and the configured OpenAI-compatible model.
 * Demo (no MTProto credentials): a simulated Telegram with one demo account and scripted
 * prospects, and — without OPENAI_BASE_URL — the built-in OpenAI-compatible stub, reached through
 * the real `openai` SDK. Off (a live bot without MTProto credentials): nothing runs.
 */
export async function startDialogEngine(wiring: DialogEngineWiring): Promise<RunningDialogEngine> {
  const { sales, log } = wiring;
  const engineLog = log.child({ component: "sales" });
  if (sales.telegram.kind === "off") {
    return { summary: "Sales:     off (set TELEGRAM_API_ID and TELEGRAM_API_HASH)", stop: async () => {} };
  }
  let port: TelegramUserPort;
  if (sales.telegram.kind === "live") {
    // Loaded only here: teleproto (MTProto, its whole TL schema) costs a demo process ~40 MB it never uses.
    const { teleprotoPort } = await import("@slotpilot/telegram-user/teleproto");
    port = teleprotoPort({
      apiId: sales.telegram.apiId,
      apiHash: sales.telegram.apiHash,
      onLog: (level, message) => engineLog[level]("teleproto", { message }),
    });
  } else {
    const simulated = new SimulatedTelegram();
    stockDemoTelegram(simulated);
    simulated.onDelivered = wrapDelivered(simulated, engineLog);
    await seedDemoAccount(wiring, simulated);
    port = simulated;
  }
  const stub = sales.llm.baseUrl ? undefined : await startOpenAiStub();
  const llm = openAiLlm({
    baseUrl: sales.llm.baseUrl ?? stub?.url ?? "",
    apiKey: sales.llm.apiKey,
    // Transcripts record the model that answered: in demo mode that is the stub, whatever OPENAI_MODEL says.
    model: stub ? "demo-stub" : sales.llm.model,
    fallbackModel: stub ? undefined : sales.llm.fallbackModel,
    timeoutMs: sales.llm.timeoutMs,
    maxRetries: sales.llm.maxRetries,
  });
  const engine = new DialogEngine({
    db: wiring.db,
    port,
    llm,
    log: engineLog,
    encryptionKey: wiring.encryptionKey,
    limits: sales.limits,
    activeHours: { ...sales.activeHours, timeZone: sales.timeZone },
    adminTelegramIds: wiring.adminTelegramIds,
  });
  engine.start();
  const telegram =
    sales.telegram.kind === "live"
      ? "Telegram user accounts via teleproto"
      : `simulated Telegram (demo account ${DEMO_ACCOUNT_PHONE}; prospects @wb_seller_anna, @wb_seller_oleg, @wb_seller_nina)`;
  const model = stub ? `built-in OpenAI-compatible stub ${stub.url}` : `${sales.llm.model} at ${sales.llm.baseUrl}`;
  return {
    summary: `Sales:     ${telegram}; model ${model}`,
    stop: async () => {
      await engine.stop();
      await stub?.close();
    },
  };
}

/** Demo mode shows what the simulated Telegram delivered, in the log. */
function wrapDelivered(telegram: SimulatedTelegram, log: Logger): SimulatedTelegram["onDelivered"] {
  const prospects = telegram.onDelivered;
  return (delivery, to) => {
    log.info("simulated Telegram delivered (demo mode, nothing sent)", {
      from: delivery.phone,
      to: `@${to.username}`,
      text: delivery.text,
    });
    prospects?.(delivery, to);
  };
}

/** The demo account exists from the start, so `/start @wb_seller_anna` works at once. */
async function seedDemoAccount(wiring: DialogEngineWiring, telegram: SimulatedTelegram): Promise<void> {
  const session = telegram.issueSession(DEMO_ACCOUNT_PHONE);
  const device = pickDevice(0);
  // A restart issues a new simulated session (the simulated Telegram lives in memory): refresh it.
  await wiring.db
    .insertInto("sales_accounts")
    .values({
      phone: DEMO_ACCOUNT_PHONE,
      username: "slotpilot_demo_sales",
      ...sealAccountSecrets(wiring.encryptionKey, DEMO_ACCOUNT_PHONE, session, null),
      device_model: device.deviceModel,
      system_version: device.systemVersion,
      app_version: device.appVersion,
      lang_code: device.langCode,
      system_lang_code: device.systemLangCode,
    })
    .onConflict((oc) =>
      oc.column("phone").doUpdateSet({
        session_sealed: sealAccountSecrets(wiring.encryptionKey, DEMO_ACCOUNT_PHONE, session, null).session_sealed,
        lease_owner: null,
        lease_expires_at: null,
      }),
    )
    .execute();
}
