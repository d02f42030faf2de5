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
    // Every poll before the database came back still asked from offset 0 (nothing acknowledged).
    expect(offsets[0]).toBe(0);
    expect(offsets.slice(0, -1).every((o) => o === 0)).toBe(true);
  });
});
