import { createTestApi } from "@slotpilot/api/testing";
import { type MonitorStatus, writeMonitorStatus } from "@slotpilot/db";
import type { Update } from "grammy/types";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { inProcessBot } from "../testing.ts";

let api: Awaited<ReturnType<typeof createTestApi>>;
beforeAll(async () => {
  api = await createTestApi(inject("pgAdminUrl"), { mode: "demo", env: { ADMIN_TELEGRAM_IDS: "9001" } });
});
afterAll(() => api.close());

let updateId = 0;
function statusCommand(userId: number, language = "ru"): Update {
  return {
    update_id: ++updateId,
    message: {
      message_id: updateId,
      date: 0,
      chat: { id: userId, type: "private", first_name: "U" },
      from: { id: userId, is_bot: false, first_name: "U", language_code: language },
      text: "/status",
      entities: [{ type: "bot_command", offset: 0, length: 7 }],
    },
  };
}

async function send(userId: number, language?: string) {
  const { calls, process } = inProcessBot(api);
  await process(statusCommand(userId, language));
  return calls.filter((c) => c.method === "sendMessage").map((c) => String(c.payload.text));
}

describe("/status", () => {
  it("shows an admin the monitor's state in their language", async () => {
    const [text] = await send(9001);
    expect(text).toMatch(/^Состояние Slotpilot/);
    expect(text).toContain("🛑 Мониторинг не запущен");
    expect(text).toContain("Календарь сейчас ничем не питается.");
    expect(text).toContain("Сессии портала: активных 0, входят 0, сбоев 0 · воркеров с браузером: 0, держат 0");
    expect(text).toMatch(/Продавцов: 1/);
  });

  it("names the source the monitor tried last while its reads fail, not the one that last worked", async () => {
    const now = Date.now();
    const status: MonitorStatus = {
      usable_accounts: 1,
      usable_tokens: 1,
      // The feed fed the calendar until WB went away; the portal sessions took over and fail too.
      last_read_at: new Date(now - 5 * 60_000),
      last_error: "portal-sessions: portal report failed: portal.unavailable",
      last_error_at: new Date(now - 2_000),
      reads_per_minute: 0,
      source: "wb-feed",
      tried_source: "portal-sessions",
      heartbeat_at: new Date(now - 1_000),
      started_at: new Date(now - 3_600_000),
    };
    await writeMonitorStatus(api.db, status);
    const [en] = await send(9001, "en");
    expect(en).toContain("⚠️ Monitor: no successful read for a while. Last error: portal-sessions:");
    expect(en).toContain(
      "Calendar fed by: nothing right now — the monitor last tried sellers' portal sessions (the public feed is down), and that read failed.",
    );
    expect(en).not.toContain("WB's public coefficients feed");

    await writeMonitorStatus(api.db, { ...status, tried_source: "wb-feed", last_error: "wb-feed: fetch failed" });
    const [ru] = await send(9001);
    expect(ru).toContain(
      "Календарь сейчас ничем не питается: мониторинг последним пробовал публичный API коэффициентов WB, и это чтение не удалось.",
    );

    // Reading again: the source of the last read feeds the calendar.
    await writeMonitorStatus(api.db, {
      ...status,
      last_read_at: new Date(),
      last_error: null,
      source: "portal-sessions",
    });
    const [back] = await send(9001, "en");
    expect(back).toContain("✅ Monitor: reading the feed with 1 seller account, 0 reads/min;");
    expect(back).toContain("Calendar fed by: sellers' portal sessions");

    // Counted in each language's plural forms.
    await writeMonitorStatus(api.db, { ...status, usable_accounts: 3, last_read_at: new Date(), last_error: null });
    const [three] = await send(9001, "en");
    expect(three).toContain("✅ Monitor: reading the feed with 3 seller accounts,");
    for (const [accounts, words] of [
      [1, "1 аккаунт продавцов"],
      [3, "3 аккаунта продавцов"],
      [5, "5 аккаунтов продавцов"],
    ] as const) {
      await writeMonitorStatus(api.db, {
        ...status,
        usable_accounts: accounts,
        last_read_at: new Date(),
        last_error: null,
      });
      const [ru] = await send(9001);
      expect(ru).toContain(`✅ Мониторинг: читает коэффициенты через ${words},`);
    }
  });

  it("does not exist for a seller: it is an unknown command to them", async () => {
    const [text] = await send(1234);
    expect(text).toBe("Я не знаю команды /status. Что я умею — в /help.");
  });
});
