import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { createApp } from "@slotpilot/api";
import { type BotApiCall, createBot, LOCAL_BOT_INFO, localBotApi, updateProcessor } from "@slotpilot/bot";
import { Metrics } from "@slotpilot/observability";
import { createWbOfficialClient, wbHostsFor } from "@slotpilot/wb";
import { InputFile } from "grammy";
import type { Update } from "grammy/types";
import { openStack, runMain } from "./stack.ts";

type Button = { text: string; callback_data?: string; web_app?: { url: string }; url?: string };

/**
 * `./slotpilot chat`: talk to the real bot code in the terminal. Your lines become Telegram updates
 * handed to the bot; its Bot API calls are answered locally and printed. Type a button's number to
 * press it. Works beside a running `./slotpilot start` (same database, same user as the demo Mini App).
 */
runMain(async () => {
  const { values } = parseArgs({
    options: {
      "user-id": { type: "string", default: "100000001" },
      name: { type: "string", default: "Demo" },
      lang: { type: "string", default: "ru" },
    },
  });
  const userId = Number(values["user-id"]);
  const from = { id: userId, is_bot: false as const, first_name: values.name, language_code: values.lang };
  const stack = await openStack(process.env, { maintenance: false, quiet: true });
  const { config, database, queue, log } = stack;
  const wb = createWbOfficialClient({ hosts: wbHostsFor(config.env.WB_SANDBOX_URL) });
  const app = createApp({ config, db: database.db, queue, log, metrics: new Metrics(), wb });

  let buttons: Button[] = [];
  const print = (call: BotApiCall) => {
    if (call.method === "sendMessage" || call.method === "editMessageText") {
      console.log(`\n🤖 ${String(call.payload.text)}`);
      const markup = call.payload.reply_markup as { inline_keyboard?: Button[][] } | undefined;
      buttons = markup?.inline_keyboard?.flat() ?? [];
      buttons.forEach((b, i) => {
        const target = b.web_app?.url ?? b.url;
        console.log(`   [${i + 1}] ${b.text}${target ? ` → ${target}` : ""}`);
      });
    } else if (call.method === "answerCallbackQuery" && call.payload.text) {
      console.log(`   ✓ ${String(call.payload.text)}`);
    } else if (call.method === "sendDocument" && call.payload.document instanceof InputFile) {
      // A document (an admin's /export): its name and caption, then the text it carries.
      const file = call.payload.document;
      console.log(`\n📎 ${file.filename ?? "file"}${call.payload.caption ? ` — ${String(call.payload.caption)}` : ""}`);
      void file.toRaw().then((raw) => {
        if (raw instanceof Uint8Array) console.log(Buffer.from(raw).toString("utf8"));
      });
    }
  };
  const bot = createBot({
    token: config.botToken,
    api: {
      baseUrl: "http://slotpilot.internal",
      fetch: async (input, init) => app.fetch(new Request(input, init)),
      botToken: config.botToken,
    },
    db: database.db,
    miniAppUrl: config.publicUrl,
    live: false,
    log,
    botInfo: LOCAL_BOT_INFO,
    localBotApi: localBotApi(print).transformer,
  });
  const processUpdate = updateProcessor(bot, database.db);

  // Update ids must stay unique across runs: processed ids are remembered in the database.
  let updateId = Date.now();
  const chat = { id: userId, type: "private" as const, first_name: from.first_name };
  const toUpdate = (line: string): Update => {
    const pressed = /^\d+$/.test(line) ? buttons[Number(line) - 1] : undefined;
    if (pressed?.callback_data) {
      return {
        update_id: ++updateId,
        callback_query: {
          id: String(updateId),
          from,
          chat_instance: String(userId),
          data: pressed.callback_data,
          message: { message_id: 1, date: Math.floor(Date.now() / 1000), chat, text: "" },
        },
      };
    }
    const command = line.match(/^\/\w+/)?.[0];
    return {
      update_id: ++updateId,
      message: {
        message_id: updateId,
        date: Math.floor(Date.now() / 1000),
        chat,
        from,
        text: line,
        ...(command ? { entities: [{ type: "bot_command" as const, offset: 0, length: command.length }] } : {}),
      },
    };
  };

  console.log(`Chatting with the Slotpilot bot as ${from.first_name} (id ${userId}). Try /start. Ctrl+D to leave.`);
  const input = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  for await (const raw of input) {
    const line = raw.trim();
    if (!line) continue;
    if (!process.stdin.isTTY) console.log(`\n🙂 ${line}`);
    await processUpdate(toUpdate(line));
  }
  await stack.close();
});
