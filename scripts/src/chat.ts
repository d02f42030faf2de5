import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline/promises";
import { createApp } from "@slotpilot/api";
import {
  type BotApiCall,
  createBot,
  LOCAL_BOT_INFO,
  localBotApi,
  MAX_UPDATE_ATTEMPTS,
  updateProcessor,
} from "@slotpilot/bot";
import { Metrics } from "@slotpilot/observability";
import { createWbOfficialClient, wbHostsFor } from "@slotpilot/wb";
import { InputFile } from "grammy";
import type { Update } from "grammy/types";
import { chatUsage, parseChatArgs, pressedButton } from "./chat-args.ts";
import { deliverLikeTelegram } from "./chat-delivery.ts";
import { followOutbox } from "./chat-outbox.ts";
import { DEMO_TELEGRAM_ID } from "./demo-seller.ts";
import { readRuntime } from "./runtime-file.ts";
import { openStack, runMain } from "./stack.ts";

type Button = { text: string; callback_data?: string; web_app?: { url: string }; url?: string };

/**
 * `./slotpilot chat`: talk to the real bot code in the terminal. Your lines become Telegram updates
 * handed to the bot; its Bot API calls are answered locally and printed. Type `#N` to press a
 * message's Nth button (a plain number is text). Beside a running `./slotpilot start` it shares that product's settings (from
 * `DATA_DIR/runtime.json`: its WB sandbox, its URLs) and database, is the same user as the demo Mini
 * App, and prints the messages Slotpilot sends that user (alerts, notices) as they are queued.
 */
const args = parseChatArgs(process.argv.slice(2), DEMO_TELEGRAM_ID);
if (args.kind === "help") {
  console.log(chatUsage(DEMO_TELEGRAM_ID));
  process.exit(0);
}
if (args.kind === "error") {
  console.error(`./slotpilot chat: ${args.message}\n\n${chatUsage(DEMO_TELEGRAM_ID)}`);
  process.exit(2);
}
const { userId, name, lang } = args.options;

runMain(async () => {
  const from = { id: userId, is_bot: false as const, first_name: name, language_code: lang };
  const stack = await openStack(process.env, { maintenance: false, quiet: true });
  const { config, database, queue, log } = stack;
  const running = readRuntime(config.env.DATA_DIR);
  if (!running) {
    console.log("Slotpilot is not running from this DATA_DIR: start it first (./slotpilot start) to see alerts here.");
  }
  const wb = createWbOfficialClient({ hosts: wbHostsFor(running?.sandboxUrl ?? config.env.WB_SANDBOX_URL) });
  const publicUrl = running?.publicUrl ?? config.publicUrl;
  const pictures = mkdtempSync(join(tmpdir(), "slotpilot-chat-"));
  const app = createApp({ config, db: database.db, queue, log, metrics: new Metrics(), wb });

  let buttons: Button[] = [];
  let lastPrompt: number | undefined;
  const show = (text: string, shown: Button[]) => {
    console.log(`\n${text}`);
    buttons = shown;
    buttons.forEach((b, i) => {
      const target = b.web_app?.url ?? b.url;
      console.log(`   #${i + 1} ${b.text}${target ? ` → ${target}` : ""}`);
    });
  };
  const print = (call: BotApiCall) => {
    const markup = call.payload.reply_markup as { inline_keyboard?: Button[][] } | undefined;
    if (call.method === "sendMessage" || call.method === "editMessageText") {
      lastPrompt = Number(call.payload.message_id ?? (call.result as { message_id?: number } | undefined)?.message_id);
      show(`🤖 ${String(call.payload.text)}`, markup?.inline_keyboard?.flat() ?? []);
    } else if (call.method === "sendPhoto") {
      const file = join(pictures, `picture-${Date.now()}.png`);
      void (call.payload.photo as InputFile)
        .toRaw()
        .then((raw) => writeFileSync(file, raw as Uint8Array))
        .catch(() => undefined);
      show(`🤖 [picture: ${file}]\n${String(call.payload.caption ?? "")}`, markup?.inline_keyboard?.flat() ?? []);
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
    db: database.db,
    api: {
      baseUrl: "http://slotpilot.internal",
      fetch: async (input, init) => app.fetch(new Request(input, init)),
      botToken: config.botToken,
    },
    miniAppUrl: publicUrl,
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
    const index = pressedButton(line);
    const pressed = index === undefined ? undefined : buttons[index];
    if (pressed?.callback_data) {
      return {
        update_id: ++updateId,
        callback_query: {
          id: String(updateId),
          from,
          chat_instance: String(userId),
          data: pressed.callback_data,
          // The message the buttons were on: flows tell a current prompt from an old one by it.
          message: { message_id: lastPrompt ?? 1, date: Math.floor(Date.now() / 1000), chat, text: "" },
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

  const stopOutbox = await followOutbox({
    db: database.db,
    chatId: userId,
    publicUrl,
    wbPortalUrl: running?.wbPortalUrl,
    print: (text, shown) => show(`🔔 ${text}`, shown),
  });
  console.log(`Chatting with the Slotpilot bot as ${from.first_name} (id ${userId}). Try /start. Ctrl+D to leave.`);
  const input = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  for await (const raw of input) {
    const line = raw.trim();
    if (!line) continue;
    if (!process.stdin.isTTY) console.log(`\n🙂 ${line}`);
    // One more delivery than the bot's own attempts: its last one answers the user and settles.
    await deliverLikeTelegram(processUpdate, toUpdate(line), {
      attempts: MAX_UPDATE_ATTEMPTS + 1,
      waitMs: 500,
      say: (text) => console.log(text),
    });
  }
  stopOutbox();
  await stack.close();
});
