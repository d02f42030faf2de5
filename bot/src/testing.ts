import type { createTestApi } from "@slotpilot/api/testing";
import { silentLogger } from "@slotpilot/observability";
import type { Transformer } from "grammy";
import { createBot, LOCAL_BOT_INFO } from "./create-bot.ts";
import type { FileDownloader } from "./handlers/sales/index.ts";
import { type BotApiCall, localBotApi } from "./transport/local-bot-api.ts";
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
    downloadFile?: FileDownloader;
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
    db: api.db,
    miniAppUrl: options.miniAppUrl ?? "https://slotpilot.example/",
    live: false,
    log: silentLogger,
    botInfo: LOCAL_BOT_INFO,
    localBotApi: options.botApi ?? local.transformer,
    downloadFile: options.downloadFile ?? (async () => new Uint8Array()),
  });
  return { bot, calls: local.calls, process: updateProcessor(bot, options.db ?? api.db) };
}

/**
 * A seller who has met the bot (`/help`, in `language`) and has one cabinet, "WB 1", written
 * straight to the database: where a test starts when connecting one is not what it is about.
 */
export async function sellerWithCabinet(
  api: TestApi,
  userId: number,
  language: "en" | "ru",
  bot: ReturnType<typeof inProcessBot> = inProcessBot(api),
) {
  const chat = new TestChat(bot, userId, language);
  await chat.send("/help");
  const { organization_id } = await api.db
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .select("memberships.organization_id")
    .where("users.telegram_id", "=", userId)
    .executeTakeFirstOrThrow();
  const cabinet = await api.db
    .insertInto("cabinets")
    .values({ organization_id, name: "WB 1" })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { chat, organizationId: organization_id, cabinetId: cabinet.id };
}

/** The booking tasks a Telegram user's organization holds, as stored. */
export function tasksOf(api: TestApi, telegramId: number) {
  return api.db
    .selectFrom("booking_tasks")
    .innerJoin("memberships", "memberships.organization_id", "booking_tasks.organization_id")
    .innerJoin("users", "users.id", "memberships.user_id")
    .where("users.telegram_id", "=", telegramId)
    .selectAll("booking_tasks")
    .execute();
}

type Button = { text: string; callback_data?: string; web_app?: { url: string }; url?: string };

/** One message of the chat as the user sees it now. */
export interface ScreenMessage {
  id: number;
  text: string;
  buttons: Button[][];
  photo: boolean;
}

/**
 * The chat as the user sees it, rebuilt from the Bot API calls the bot made: messages sent, then
 * edited, stripped of buttons or deleted. Tests assert on this rather than on raw calls.
 */
export function chatScreen(calls: readonly BotApiCall[]): ScreenMessage[] {
  const messages = new Map<number, ScreenMessage>();
  const markup = (payload: Record<string, unknown>) =>
    ((payload.reply_markup as { inline_keyboard?: Button[][] } | undefined)?.inline_keyboard ?? []).map((row) =>
      row.map((b) => ({ ...b })),
    );
  for (const call of calls) {
    const p = call.payload;
    const id = Number(p.message_id ?? (call.result as { message_id?: number } | undefined)?.message_id);
    if (call.method === "sendMessage" || call.method === "sendPhoto") {
      messages.set(id, {
        id,
        text: String(p.text ?? p.caption ?? ""),
        buttons: markup(p),
        photo: call.method === "sendPhoto",
      });
    } else if (call.method === "editMessageText") {
      const m = messages.get(id);
      if (m) Object.assign(m, { text: String(p.text), buttons: markup(p) });
    } else if (call.method === "editMessageReplyMarkup") {
      const m = messages.get(id);
      if (m) m.buttons = markup(p);
    } else if (call.method === "deleteMessage") messages.delete(id);
  }
  return [...messages.values()];
}

/**
 * A user in a private chat with the bot: types text, presses the buttons on screen (by label, the
 * newest message first), and sees the chat as `screen()`.
 */
export class TestChat {
  private static nextUpdate = 500_000;
  readonly userId: number;
  readonly languageCode: string;
  private bot: ReturnType<typeof inProcessBot>;

  constructor(bot: ReturnType<typeof inProcessBot>, userId: number, languageCode = "en") {
    this.bot = bot;
    this.userId = userId;
    this.languageCode = languageCode;
  }

  /** Goes on with another bot (a restart) on the same chat; the screen keeps its history. */
  switchBot(bot: ReturnType<typeof inProcessBot>) {
    bot.calls.unshift(...this.bot.calls);
    this.bot = bot;
  }

  get calls() {
    return this.bot.calls;
  }

  private get from() {
    return { id: this.userId, is_bot: false as const, first_name: "Олег", language_code: this.languageCode };
  }

  private get chat() {
    return { id: this.userId, type: "private" as const, first_name: "Олег" };
  }

  async send(text: string) {
    const id = ++TestChat.nextUpdate;
    const command = /^\/\w+/.exec(text)?.[0];
    return this.bot.process({
      update_id: id,
      message: {
        message_id: id,
        date: Math.floor(Date.now() / 1000),
        chat: this.chat,
        from: this.from,
        text,
        ...(command ? { entities: [{ type: "bot_command" as const, offset: 0, length: command.length }] } : {}),
      },
    });
  }

  /** Presses the button labelled `label` (or matching it) on the newest message that shows it. */
  async press(label: string | RegExp) {
    const match = (b: Button) => (typeof label === "string" ? b.text === label : label.test(b.text));
    const message = [...this.screen()].reverse().find((m) => m.buttons.flat().some(match));
    const button = message?.buttons.flat().find(match);
    if (!message || !button?.callback_data) {
      const visible = this.screen().flatMap((m) => m.buttons.flat().map((b) => b.text));
      throw new Error(`No button ${String(label)} on screen; buttons: ${visible.join(" | ")}`);
    }
    return this.pressData(button.callback_data, message.id);
  }

  /** Presses a button by its data on a given message (an old message, say). */
  async pressData(data: string, messageId: number) {
    const id = ++TestChat.nextUpdate;
    return this.bot.process({
      update_id: id,
      callback_query: {
        id: String(id),
        from: this.from,
        chat_instance: "1",
        data,
        message: { message_id: messageId, date: 0, chat: this.chat, text: "…" },
      },
    });
  }

  /** A new seller's first steps: `/start`, their language, "Later", then a cabinet connected by this API token. */
  async connectByToken(token: string) {
    const ru = this.languageCode === "ru";
    await this.send("/start");
    await this.press(ru ? "Русский" : "English");
    await this.press(ru ? "Позже" : "Later");
    await this.send("/cabinets");
    await this.press(/Connect a cabinet|Подключить кабинет/);
    await this.press(/API token|API-токен/);
    await this.send(token);
  }

  screen(): ScreenMessage[] {
    return chatScreen(this.bot.calls);
  }

  /** The newest message's text. */
  last(): string {
    return this.screen().at(-1)?.text ?? "";
  }

  /** Labels of the newest message's buttons. */
  lastButtons(): string[] {
    return (this.screen().at(-1)?.buttons ?? []).flat().map((b) => b.text);
  }

  /** Texts of the bot's messages sent (not edits) since `from` calls. */
  callsOf(method: string) {
    return this.bot.calls.filter((c) => c.method === method);
  }
}
