import { createServer, type IncomingMessage, type Server } from "node:http";
import { createTestDatabase, type TestDatabase } from "@slotpilot/db/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startProduct } from "./product-process.ts";

const TOKEN = "7000000002:ROOTtokenROOTtokenROOTtokenROOTtok";

/**
 * A self-hosted Bot API server stand-in (the wire format of telegram-bot-api): it answers getMe,
 * hands out one update through getUpdates, and records what the bot sends.
 */
function fakeBotApi() {
  const calls: { method: string; body: Record<string, unknown> }[] = [];
  let delivered = false;
  const readBody = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    try {
      return JSON.parse(text || "{}") as Record<string, unknown>;
    } catch {
      return {};
    }
  };
  const server: Server = createServer(async (req, res) => {
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? "");
    const body = await readBody(req);
    const method = match?.[2] ?? "";
    calls.push({ method, body });
    const reply = (result: unknown) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ ok: true, result }));
    };
    if (match?.[1] !== TOKEN) {
      res.writeHead(401, { "content-type": "application/json" });
      res.end(JSON.stringify({ ok: false, error_code: 401, description: "Unauthorized" }));
      return;
    }
    switch (method) {
      case "getMe":
        return reply({ id: 7000000002, is_bot: true, first_name: "Slotpilot", username: "slotpilot_test_bot" });
      case "getUpdates": {
        if (!delivered) {
          delivered = true;
          const from = { id: 4242, is_bot: false, first_name: "Ира", language_code: "en" };
          return reply([
            {
              update_id: 1,
              message: {
                message_id: 1,
                date: Math.floor(Date.now() / 1000),
                chat: { id: 4242, type: "private", first_name: "Ира" },
                from,
                text: "/help",
                entities: [{ type: "bot_command", offset: 0, length: 5 }],
              },
            },
          ]);
        }
        // A short long poll: answer "nothing new" after a moment.
        setTimeout(() => reply([]), 500);
        return;
      }
      case "sendMessage":
        return reply({ message_id: 10, date: 0, chat: { id: body.chat_id, type: "private" }, text: body.text });
      default:
        return reply(true);
    }
  }).listen(0, "127.0.0.1");
  return {
    calls,
    url: async () => {
      await new Promise((r) => server.listening || server.once("listening", r));
      return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase(inject("pgAdminUrl"), { migrate: false });
});
afterAll(() => database.drop());

describe("TELEGRAM_API_ROOT", () => {
  it("points the running bot at a self-hosted Bot API server: it connects, polls and answers through it", async () => {
    const botApi = fakeBotApi();
    const product = await startProduct({
      DATABASE_URL: database.url,
      TELEGRAM_BOT_TOKEN: TOKEN,
      ENCRYPTION_KEY: "cd".repeat(32),
      TELEGRAM_API_ROOT: await botApi.url(),
    });
    try {
      await product.until("the bot's answer", () => botApi.calls.some((c) => c.method === "sendMessage"), 60_000);
      const methods = botApi.calls.map((c) => c.method);
      expect(methods.slice(0, 1)).toEqual(["getMe"]);
      expect(methods).toContain("setMyCommands");
      expect(methods).toContain("getUpdates");
      const answer = botApi.calls.find((c) => c.method === "sendMessage");
      expect(answer?.body.chat_id).toBe(4242);
      expect(String(answer?.body.text)).toMatch(/^Slotpilot watches Wildberries/);
    } finally {
      await product.stop();
      await botApi.close();
    }
  }, 120_000);
});
