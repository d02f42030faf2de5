import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { createEventHub, paddleGateway, startApi } from "@slotpilot/api";
import { type BotLink, connectBot, createBot, sequentialByChat, updateProcessor, webhookHandler } from "@slotpilot/bot";
import { isLoopbackHost, loadSandboxConfig, loadWorkersConfig } from "@slotpilot/config";
import { Metrics } from "@slotpilot/observability";
import { describeDemo } from "@slotpilot/sandbox/describe-demo";
import { createWbOfficialClient, wbHostsFor } from "@slotpilot/wb";
import { startWorkers, wbTargetFor } from "@slotpilot/workers";
import { connectDemoPortal, type DemoSeller, describeDemoSeller, seedDemoSeller } from "./demo-seller.ts";
import { writeRuntime } from "./runtime-file.ts";
import { startSandboxProcess } from "./sandbox-process.ts";
import { openStack, runMain } from "./stack.ts";

/**
 * `./slotpilot start`: the whole product in one process — database (embedded unless DATABASE_URL),
 * migrations, API + Mini App, job workers, and the Telegram bot when a token is configured.
 *
 * Nothing outside waits on anything it cannot bound: the bot connects to Telegram in the
 * background (retrying, and saying so on `/readyz`), and SIGINT/SIGTERM stop whatever has started
 * so far, in reverse order, at any moment.
 */
runMain(async () => {
  const workersConfig = loadWorkersConfig(process.env);
  const stack = await openStack(process.env, { maintenance: true });
  const { config, database, queue, log } = stack;
  const live = config.mode === "live";

  const stops: { name: string; stop: () => Promise<void> }[] = [{ name: "database and queue", stop: stack.close }];
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info("shutting down", { signal });
    for (const { name, stop } of stops.reverse()) {
      await stop().catch((err: unknown) => log.warn("shutdown step failed", { step: name, err }));
    }
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  const started = (name: string, stop: () => Promise<void>) => stops.push({ name, stop });

  // Demo mode stands the WB sandbox in for Wildberries, with a demo seller and a moving slot world,
  // in a process of its own (where WB would be: reached over HTTP only).
  // It is restarted if it dies, and finds in its state file what the last one left (sellers, tokens,
  // supplies, sessions) — after a restart of the product too, as WB would still know them: a booking
  // the product was making when it was killed is read back truthfully, the portal session kept.
  const sandboxConfig = loadSandboxConfig(process.env);
  const sandboxState = join(config.env.DATA_DIR, "sandbox-state.json");
  if (!live) await mkdir(config.env.DATA_DIR, { recursive: true });
  const sandbox = live
    ? undefined
    : await startSandboxProcess({
        port: sandboxConfig.SANDBOX_PORT,
        seed: sandboxConfig.SANDBOX_SEED,
        log: log.child({ app: "sandbox" }),
        stateFile: sandboxState,
      });
  if (sandbox) started("sandbox", () => sandbox.close());
  const demo = sandbox?.demo;
  const wbHosts = sandbox ? sandbox.hosts : wbHostsFor(config.env.WB_SANDBOX_URL);

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
        apiRoot: config.env.TELEGRAM_API_ROOT,
      })
    : undefined;
  const processUpdate = bot ? updateProcessor(bot, database.db) : undefined;
  let botLink: BotLink | undefined;

  // One LISTEN connection for every SSE client of this API process.
  const events = createEventHub(database.url, log.child({ app: "events" }));
  started("event hub", () => events.close());
  const api = await startApi(
    {
      events,
      config,
      db: database.db,
      queue,
      log: log.child({ app: "api" }),
      metrics: new Metrics(),
      wb: createWbOfficialClient({ hosts: wbHosts }),
      ...(bot ? { botStatus: () => botLink?.state() ?? "connecting" } : {}),
      ...(sandbox ? { sandboxStatus: () => sandbox.state() } : {}),
      // Payments: Stars through the bot's Bot API; Paddle only when PADDLE_* is configured.
      ...(bot ? { stars: bot.api } : {}),
      ...(config.billing.paddle ? { paddle: paddleGateway(config.billing.paddle) } : {}),
      ...(processUpdate && config.webhook
        ? {
            telegramWebhook: webhookHandler(
              sequentialByChat(processUpdate),
              config.webhook.secret,
              log.child({ app: "bot" }),
            ),
          }
        : {}),
    },
    { port: config.env.PORT, host: config.host },
  );
  started("api", () => api.close());
  apiFetch = api.app.fetch;

  // Demo mode: the demo seller's cabinet connected and two tasks watching, through the API itself.
  let demoSeller: DemoSeller | undefined;
  if (demo) {
    demoSeller = await seedDemoSeller({
      fetch: api.app.fetch,
      botToken: config.botToken,
      demo,
      db: database.db,
      encryptionKey: config.encryptionKey,
    }).catch((err: unknown) => {
      log.warn("demo seller not set up", { err });
      return undefined;
    });
  }

  // Every worker, composed once (`startWorkers`, shared with the standalone worker process). The
  // shared slot monitor reads with the Personal tokens sellers lend it; the demo has none until
  // someone connects a cabinet, so in demo mode only it also gets a "house" token of a sandbox
  // seller of its own, to make the moving sandbox world visible from the start.
  const houseSeller = await sandbox?.houseSeller();
  const workers = await startWorkers({
    config: workersConfig,
    db: database.db,
    databaseUrl: database.url,
    queue,
    log,
    wb: { hosts: wbHosts, target: sandbox ? "sandbox" : wbTargetFor(config.env.WB_SANDBOX_URL) },
    houseTokens: houseSeller?.cabinets.map((c) => c.tokens.personal) ?? [],
  });
  started("workers", () => workers.stop());
  if (sandbox && demo && demoSeller) {
    // In the background: the banner need not wait for a browser login.
    const cabinetId = demoSeller.cabinet.id;
    const stopping = new AbortController();
    const login = connectDemoPortal({
      fetch: api.app.fetch,
      botToken: config.botToken,
      cabinetId,
      demo,
      smsCode: (phone) => sandbox.smsCode(phone),
      signal: stopping.signal,
    }).then((outcome) => {
      if (stopping.signal.aborted) return;
      if (outcome.state === "ACTIVE")
        log.info(
          outcome.reopened
            ? "demo cabinet's portal session kept from the last start (no new login)"
            : "demo cabinet's portal session logged in",
          { cabinetId },
        );
      else log.warn("demo cabinet's portal session not logged in", { cabinetId, ...outcome });
    });
    // Stopped before the workers and the database it needs: the step under way may finish (briefly).
    started("demo portal login", async () => {
      stopping.abort();
      await Promise.race([login, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    });
  }

  let botLine = "Bot:       demo mode (no TELEGRAM_BOT_TOKEN) — talk to it with ./slotpilot chat";
  if (bot && processUpdate) {
    botLink = connectBot(bot, {
      processUpdate,
      webhook: config.webhook,
      adminTelegramIds: config.adminTelegramIds,
      log: log.child({ app: "bot" }),
    });
    const link = botLink;
    started("bot", () => link.stop());
    botLine = `Bot:       connecting to Telegram in the background (${config.webhook ? `webhook ${config.webhook.url}` : "long polling"}); /readyz shows checks.bot`;
  }

  // `./slotpilot chat` reads this to talk to the same product: same database, sandbox and URLs.
  const forgetRuntime = writeRuntime(config.env.DATA_DIR, {
    pid: process.pid,
    mode: config.mode,
    apiUrl: api.url,
    publicUrl: config.publicUrl,
    ...(sandbox ? { sandboxUrl: sandbox.url } : {}),
    wbPortalUrl: wbHosts.seller,
  });
  started("runtime file", async () => forgetRuntime());

  const exposure = isLoopbackHost(config.host)
    ? "this machine only (set HOST=0.0.0.0 to open it to your network)"
    : live
      ? `every interface (HOST=${config.host})`
      : `every interface (HOST=${config.host}) — careful: in demo mode anyone who reaches it can sign in as anyone`;
  console.log(
    [
      "",
      `Slotpilot is running (${config.mode} mode).`,
      `Mini App:  ${api.url}/  — listening on ${exposure}`,
      `API:       ${api.url}/api  (health ${api.url}/healthz, ready ${api.url}/readyz, metrics ${api.url}/metrics)`,
      `Database:  ${database.kind === "embedded" ? `embedded PostgreSQL, data in ${database.dataDir}` : "DATABASE_URL"}`,
      botLine,
      ...workers.summary,
      ...(sandbox && demo
        ? [
            `WB:        sandbox ${sandbox.url} (seed ${sandboxConfig.SANDBOX_SEED}; control API ${sandbox.url}/__sandbox)`,
            ...describeDemo(sandbox.url, demo),
            ...(demoSeller ? describeDemoSeller(demoSeller, sandbox.url) : []),
            "Chat:      ./slotpilot chat — the bot as the demo user, with the messages Slotpilot sends them",
          ]
        : [
            config.env.WB_SANDBOX_URL
              ? `WB:        the sandbox at ${config.env.WB_SANDBOX_URL} (WB_SANDBOX_URL), not live Wildberries`
              : "WB:        live Wildberries",
          ]),
      "Press Ctrl+C to stop.",
      "",
    ].join("\n"),
  );
});
