import { createTestApi } from "@slotpilot/api/testing";
import { connect } from "@slotpilot/db";
import type { Transformer } from "grammy";
import type { Update } from "grammy/types";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { inProcessBot } from "./testing.ts";
import { type BotApiCall, localBotApi } from "./transport/local-bot-api.ts";

let api: Awaited<ReturnType<typeof createTestApi>>;
beforeAll(async () => {
  api = await createTestApi(inject("pgAdminUrl"), { mode: "demo" });
});
afterAll(() => api.close());

const MINI_APP = "https://slotpilot.example/";

function makeBot(options: Parameters<typeof inProcessBot>[1] = {}) {
  return inProcessBot(api, { miniAppUrl: MINI_APP, ...options });
}

let updateId = 1000;
const from = (id: number, language_code = "ru") => ({ id, is_bot: false, first_name: "Олег", language_code });
function command(userId: number, text: string, language_code?: string): Update {
  const user = from(userId, language_code);
  return {
    update_id: ++updateId,
    message: {
      message_id: updateId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: userId, type: "private", first_name: user.first_name },
      from: user,
      text,
      entities: text.startsWith("/")
        ? [{ type: "bot_command", offset: 0, length: text.split(" ")[0]?.length ?? 0 }]
        : [],
    },
  };
}
function press(userId: number, data: string): Update {
  const user = from(userId);
  return {
    update_id: ++updateId,
    callback_query: {
      id: String(updateId),
      from: user,
      chat_instance: "1",
      data,
      message: {
        message_id: 1,
        date: 0,
        chat: { id: userId, type: "private", first_name: user.first_name },
        text: "…",
      },
    },
  };
}
const sent = (calls: BotApiCall[]) => calls.filter((c) => c.method === "sendMessage");
const buttons = (call: BotApiCall | undefined) =>
  (
    (call?.payload.reply_markup as { inline_keyboard?: Record<string, unknown>[][] } | undefined)?.inline_keyboard ?? []
  ).flat();

describe("seller bot", () => {
  let harness: ReturnType<typeof makeBot>;
  beforeEach(() => {
    harness = makeBot();
  });

  it("/start for a user who already chose a language goes straight to the menu, in that language", async () => {
    await harness.process(command(801, "/language", "ru"));
    await harness.process(press(801, "lang:en"));
    expect(harness.calls.find((c) => c.method === "answerCallbackQuery")?.payload.text).toBe("Language set: English.");
    harness.calls.length = 0;
    await harness.process(command(801, "/start", "ru"));
    const menu = sent(harness.calls)[0];
    expect(menu?.payload.text).toMatch(/^What would you like to do\?/);
    expect(buttons(menu).map((b) => b.text)).toEqual([
      "➕ New task",
      "📋 My tasks",
      "🗓 Open slots",
      "🗄 Cabinets",
      "Open Slotpilot",
    ]);
    expect(buttons(menu).at(-1)?.web_app).toEqual({ url: MINI_APP });
  });

  it("/language and /help answer in the user's language", async () => {
    await harness.process(command(802, "/language", "en"));
    await harness.process(command(802, "/help", "en"));
    const texts = sent(harness.calls).map((c) => String(c.payload.text));
    expect(texts[0]).toBe("Choose your language:");
    expect(texts[1]).toMatch(/^Slotpilot watches Wildberries/);
    expect(texts[1]).toContain("/new — create a booking task");
    expect(texts[1]).toContain("/plan — your plan, bookings left, more bookings");
  });

  it("handles a redelivered update_id once", async () => {
    const update = command(803, "/help", "en");
    expect(await harness.process(update)).toBe("handled");
    expect(await harness.process(update)).toBe("duplicate");
    expect(sent(harness.calls)).toHaveLength(1);
  });

  it("does not acknowledge an update it could not store", async () => {
    const deadDb = connect("postgres://nobody:nothing@127.0.0.1:1/none", { max: 1 });
    const broken = makeBot({ db: deadDb });
    await expect(broken.process(command(804, "/start"))).rejects.toThrow();
    expect(broken.calls).toEqual([]);
    await deadDb.destroy();
  });

  it("does not lose an update whose handling failed for a passing reason: it is handled on redelivery", async () => {
    let outages = 1;
    const bot = makeBot({
      apiFetch: async (request, next) =>
        outages-- > 0
          ? Response.json({ error: { code: "service.unavailable", message: "…" } }, { status: 503 })
          : next(request),
    });
    const update = command(807, "/help", "en");
    // Not acknowledged: polling keeps its offset and the webhook answers 503, so Telegram delivers it again.
    await expect(bot.process(update)).rejects.toThrow();
    expect(sent(bot.calls)).toEqual([]);
    expect(await bot.process(update)).toBe("handled");
    expect(sent(bot.calls)).toHaveLength(1);
    expect(await bot.process(update)).toBe("duplicate");
  });

  it("gives up on an update that keeps failing after three deliveries, telling the user once", async () => {
    const bot = makeBot({
      apiFetch: async () => Response.json({ error: { code: "internal", message: "…" } }, { status: 500 }),
    });
    const update = command(808, "/help", "en");
    await expect(bot.process(update)).rejects.toThrow();
    await expect(bot.process(update)).rejects.toThrow();
    expect(await bot.process(update)).toBe("failed");
    expect(await bot.process(update)).toBe("duplicate");
    expect(sent(bot.calls).map((c) => c.payload.text)).toEqual(["Something went wrong. Please try again in a minute."]);
  });

  it("retries a Bot API call that Telegram answered with 429", async () => {
    const local = localBotApi();
    let refused = 0;
    const flaky: Transformer = async (prev, method, payload, signal) => {
      if (method === "sendMessage" && refused++ === 0) {
        return {
          ok: false,
          error_code: 429,
          description: "Too Many Requests: retry after 1",
          parameters: { retry_after: 1 },
        };
      }
      return local.transformer(prev, method, payload, signal);
    };
    const retrying = makeBot({ botApi: flaky });
    await retrying.process(command(805, "/help", "en"));
    expect(refused).toBe(2);
    expect(sent(local.calls)).toHaveLength(1);
  });

  it("answers a failure with a friendly localized message, never a stack trace", async () => {
    const local = localBotApi();
    const failing: Transformer = async (prev, method, payload, signal) => {
      if (method === "sendMessage" && String((payload as { text?: string }).text).startsWith("Slotpilot watches")) {
        return { ok: false, error_code: 400, description: "Bad Request: message is too long" };
      }
      return local.transformer(prev, method, payload, signal);
    };
    const bot = makeBot({ botApi: failing });
    await bot.process(command(806, "/help", "en"));
    expect(sent(local.calls).map((c) => c.payload.text)).toEqual([
      "Something went wrong. Please try again in a minute.",
    ]);
  });
});
