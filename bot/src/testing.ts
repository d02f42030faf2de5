import type { createTestApi } from "@slotpilot/api/testing";
import { silentLogger } from "@slotpilot/observability";
import type { Transformer } from "grammy";
import { createBot, LOCAL_BOT_INFO } from "./create-bot.ts";
import { localBotApi } from "./transport/local-bot-api.ts";
import { updateProcessor } from "./transport/process-update.ts";

type TestApi = Awaited<ReturnType<typeof createTestApi>>;

/**
 * The real bot, calling a test API in-process, with the Bot API answered locally: `calls` records
 * what the bot sent Telegram, `process` feeds it an update the way polling or the webhook would.
 */
export function inProcessBot(
  api: TestApi,
  options: {
    miniAppUrl?: string;
    db?: Parameters<typeof updateProcessor>[1];
    botApi?: Transformer;
    /** Stands between the bot and the API (to make the API fail, say); default straight through. */
    apiFetch?: (request: Request, next: (request: Request) => Promise<Response>) => Promise<Response>;
  } = {},
) {
  const local = localBotApi();
  const bot = createBot({
    token: api.deps.config.botToken,
    api: {
      baseUrl: "http://api.internal",
      fetch: async (input, init) => {
        const request = new Request(input, init);
        const next = async (r: Request) => api.app.fetch(r);
        return options.apiFetch ? options.apiFetch(request, next) : next(request);
      },
      botToken: api.deps.config.botToken,
    },
    db: options.db ?? api.db,
    miniAppUrl: options.miniAppUrl ?? "https://slotpilot.example/",
    live: false,
    log: silentLogger,
    botInfo: LOCAL_BOT_INFO,
    localBotApi: options.botApi ?? local.transformer,
  });
  return { bot, calls: local.calls, process: updateProcessor(bot, options.db ?? api.db) };
}
