import { silentLogger } from "@slotpilot/observability";
import type { Update } from "grammy/types";
import { describe, expect, it } from "vitest";
import { createBot, LOCAL_BOT_INFO } from "../create-bot.ts";
import { runLongPolling } from "./polling.ts";

describe("long polling", () => {
  it("acknowledges an update only after it was stored: while storing fails, Telegram keeps offering it", async () => {
    const offsets: number[] = [];
    const pending: Update[] = [{ update_id: 10 }, { update_id: 11 }] as Update[];
    const stop = new AbortController();
    const bot = createBot({
      token: "1:local",
      api: { baseUrl: "http://unused", botToken: "1:local" },
      miniAppUrl: "https://app.example/",
      live: false,
      log: silentLogger,
      botInfo: LOCAL_BOT_INFO,
      // A Bot API that, like Telegram, forgets updates below the offset it is asked for.
      localBotApi: async (_prev, method, payload) => {
        if (method !== "getUpdates") return { ok: true, result: true as never };
        const offset = (payload as { offset?: number }).offset ?? 0;
        offsets.push(offset);
        return { ok: true, result: pending.filter((u) => u.update_id >= offset) as never };
      },
    });
    let databaseUp = false;
    const stored: number[] = [];
    const processUpdate = async (update: Update) => {
      if (!databaseUp) throw new Error("database is down");
      stored.push(update.update_id);
      if (stored.length === 2) stop.abort();
      return "handled" as const;
    };
    setTimeout(() => {
      databaseUp = true;
    }, 1200);
    await runLongPolling(bot, processUpdate, { signal: stop.signal, log: silentLogger });

    expect(stored).toEqual([10, 11]);
    // Every poll before the database came back still asked for update 10 (nothing acknowledged).
    expect(offsets[0]).toBe(0);
    expect(offsets.slice(0, -1).every((o) => o <= 10)).toBe(true);
  });

  it("handles chats side by side: a slow update holds up only its own chat, whose updates stay in order", async () => {
    const message = (updateId: number, chatId: number, text: string) =>
      ({
        update_id: updateId,
        message: { message_id: updateId, date: 0, chat: { id: chatId, type: "private" }, text },
      }) as Update;
    const pending: Update[] = [message(1, 100, "a1"), message(2, 100, "a2"), message(3, 200, "b1")];
    const stop = new AbortController();
    const offsets: number[] = [];
    const bot = createBot({
      token: "1:local",
      api: { baseUrl: "http://unused", botToken: "1:local" },
      miniAppUrl: "https://app.example/",
      live: false,
      log: silentLogger,
      botInfo: LOCAL_BOT_INFO,
      localBotApi: async (_prev, method, payload) => {
        if (method !== "getUpdates") return { ok: true, result: true as never };
        const offset = (payload as { offset?: number }).offset ?? 0;
        offsets.push(offset);
        // A message from a third chat arrives while the first chat's update is still being handled.
        if (offsets.length === 2) pending.push(message(4, 300, "c1"));
        await new Promise((r) => setTimeout(r, 5));
        return { ok: true, result: pending.filter((u) => u.update_id >= offset) as never };
      },
    });
    const order: string[] = [];
    let releaseSlow: () => void = () => {};
    const slow = new Promise<void>((resolve) => {
      releaseSlow = resolve;
    });
    const processUpdate = async (update: Update) => {
      const text = update.message?.text ?? "";
      order.push(`start ${text}`);
      if (text === "a1") await slow;
      order.push(`end ${text}`);
      if (text === "c1") releaseSlow();
      if (order.filter((o) => o.startsWith("end")).length === 4) stop.abort();
      return "handled" as const;
    };
    await runLongPolling(bot, processUpdate, { signal: stop.signal, log: silentLogger });

    // b1 and c1 (other chats) finished while a1 was still running; a2 waited for a1.
    expect(order.indexOf("end b1")).toBeLessThan(order.indexOf("end a1"));
    expect(order.indexOf("end c1")).toBeLessThan(order.indexOf("end a1"));
    expect(order.indexOf("start a2")).toBeGreaterThan(order.indexOf("end a1"));
    // Nothing was acknowledged past the slow update until it was handled.
    expect(offsets.slice(1, -1).every((o) => o <= 1)).toBe(true);
  });
});
