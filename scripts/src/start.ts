import { createEventHub, startApi } from "@slotpilot/api";
import { createBot, registerCommands, runLongPolling, updateProcessor, webhookHandler } from "@slotpilot/bot";
import { loadSandboxConfig, loadWorkersConfig } from "@slotpilot/config";
import { Metrics } from "@slotpilot/observability";
import { describeDemo, seedDemo, startSandbox } from "@slotpilot/sandbox";
import { createWbOfficialClient, wbHostsFor } from "@slotpilot/wb";
import {
  botApiNotifier,
  loggingNotifier,
  runNotifier,
  runWorkers,
  startDialogEngine,
  startSlotMonitor,
} from "@slotpilot/workers";
import { openStack, runMain } from "./stack.ts";

/**
 * `./slotpilot start`: the whole product in one process — database (embedded unless DATABASE_URL),
 * migrations, API + Mini App, job workers, and the Telegram bot when a token is configured.
 */
runMain(async () => {
  const workersConfig = loadWorkersConfig(process.env);
  const stack = await openStack(process.env, { maintenance: true });
  const { config, database, queue, log } = stack;
  const live = config.mode === "live";
  const stopping = new AbortController();

  // Demo mode stands the WB sandbox in for Wildberries, with a demo seller and a moving slot world.
  const sandboxConfig = loadSandboxConfig(process.env);
  const sandbox = live
    ? undefined
    : await startSandbox({ port: sandboxConfig.SANDBOX_PORT, seed: sandboxConfig.SANDBOX_SEED, control: true });
  const demo = sandbox ? seedDemo(sandbox) : undefined;

  // The bot calls the API in-process; the API mounts the bot's webhook: bind the fetch late.
  let apiFetch: (request: Request) => Response | Promise<Response> = () => new Response(null, { status: 503 });
  const bot = live
    ? createBot({
        token: config.botToken,
        api: {
          baseUrl: "http://slotpilot.internal",
          fetch: async (input, init) => apiFetch(new Request(input, init)),
          botToken: config.botToken,
        },
        db: database.db,
        miniAppUrl: config.publicUrl,
        live,
        log: log.child({ app: "bot" }),
      })
    : undefined;
  const processUpdate = bot ? updateProcessor(bot, database.db) : undefined;

  // One LISTEN connection for every SSE client of this API process.
  const events = createEventHub(database.url, log.child({ app: "events" }));
  const api = await startApi(
    {
      events,
      config,
      db: database.db,
      queue,
      log: log.child({ app: "api" }),
      metrics: new Metrics(),
      wb: createWbOfficialClient({ hosts: sandbox ? sandbox.hosts : wbHostsFor(config.env.WB_SANDBOX_URL) }),
      ...(processUpdate && config.webhook
        ? { telegramWebhook: webhookHandler(processUpdate, config.webhook.secret, log.child({ app: "bot" })) }
        : {}),
    },
    { port: config.env.PORT, host: config.env.HOST },
  );
  apiFetch = api.app.fetch;

  await runWorkers({
    db: database.db,
    queue,
    log: log.child({ app: "workers" }),
    notifier: live ? botApiNotifier(config.botToken) : loggingNotifier(log.child({ app: "notifier" })),
    adminTelegramIds: config.adminTelegramIds,
    concurrency: workersConfig.env.WORKER_CONCURRENCY,
  });
  const notifier = await runNotifier({
    db: database.db,
    databaseUrl: database.url,
    telegram: live ? botApiNotifier(config.botToken) : loggingNotifier(log.child({ app: "notifier" })),
    log: log.child({ app: "notifier" }),
    publicUrl: config.publicUrl,
  });

  // The shared slot monitor. It reads with the Personal tokens sellers lend it; the demo has none
  // until someone connects a cabinet, so in demo mode only it also gets a "house" token of a
  // sandbox seller of its own, to make the moving sandbox world visible from the start.
  const houseSeller = sandbox?.control.createSeller({ cabinets: ["Slotpilot monitor (demo only)"] });
  const monitor = await startSlotMonitor({
    db: database.db,
    databaseUrl: database.url,
    encryptionKey: config.encryptionKey,
    hosts: sandbox ? sandbox.hosts : wbHostsFor(config.env.WB_SANDBOX_URL),
    log: log.child({ app: "workers" }),
    houseTokens: houseSeller?.cabinets.map((c) => c.tokens.personal) ?? [],
  });

  // Sales dialogs: Telegram user accounts + LLM (demo: simulated Telegram and the built-in model stub).
  const sales = await startDialogEngine({
    db: database.db,
    sales: config.sales,
    encryptionKey: config.encryptionKey,
    adminTelegramIds: config.adminTelegramIds,
    log: log.child({ app: "workers" }),
  });

  let botLine = "Bot:       demo mode (no TELEGRAM_BOT_TOKEN) — talk to it with ./slotpilot chat";
  if (bot && processUpdate) {
    await bot.init();
    await registerCommands(bot.api, config.adminTelegramIds);
    if (config.webhook) {
      await bot.api.setWebhook(config.webhook.url, { secret_token: config.webhook.secret });
      botLine = `Bot:       @${bot.botInfo.username}, webhook ${config.webhook.url}`;
    } else {
      void runLongPolling(bot, processUpdate, { signal: stopping.signal, log: log.child({ app: "bot" }) });
      botLine = `Bot:       @${bot.botInfo.username}, long polling`;
    }
  }

  console.log(
    [
      "",
      `Slotpilot is running (${config.mode} mode).`,
      `Mini App:  ${api.url}/`,
      `API:       ${api.url}/api  (health ${api.url}/healthz, ready ${api.url}/readyz, metrics ${api.url}/metrics)`,
      `Database:  ${database.kind === "embedded" ? `embedded PostgreSQL, data in ${config.db.dataDir}/pg` : "DATABASE_URL"}`,
      botLine,
      sales.summary,
      ...(sandbox && demo
        ? [
            `WB:        sandbox ${sandbox.url} (seed ${sandboxConfig.SANDBOX_SEED}; control API ${sandbox.url}/__sandbox)`,
            ...describeDemo(sandbox.url, demo),
          ]
        : ["WB:        live Wildberries"]),
      "Press Ctrl+C to stop.",
      "",
    ].join("\n"),
  );

  let stopped = false;
  const shutdown = async (signal: string) => {
    if (stopped) return;
    stopped = true;
    log.info("shutting down", { signal });
    stopping.abort();
    await sales.stop();
    await monitor.stop();
    await notifier.stop();
    await api.close();
    await events.close();
    await sandbox?.close();
    await stack.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
});
