import { createTestApi } from "@slotpilot/api/testing";
import type { Update } from "grammy/types";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { inProcessBot } from "../testing.ts";

let api: Awaited<ReturnType<typeof createTestApi>>;
beforeAll(async () => {
  api = await createTestApi(inject("pgAdminUrl"), { mode: "demo", env: { ADMIN_TELEGRAM_IDS: "9001" } });
});
afterAll(() => api.close());

let updateId = 0;
function statusCommand(userId: number): Update {
  return {
    update_id: ++updateId,
    message: {
      message_id: updateId,
      date: 0,
      chat: { id: userId, type: "private", first_name: "U" },
      from: { id: userId, is_bot: false, first_name: "U", language_code: "ru" },
      text: "/status",
      entities: [{ type: "bot_command", offset: 0, length: 7 }],
    },
  };
}

async function send(userId: number) {
  const { calls, process } = inProcessBot(api);
  await process(statusCommand(userId));
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

  it("does not exist for a seller: it is an unknown command to them", async () => {
    const [text] = await send(1234);
    expect(text).toBe("Я не знаю команды /status. Что я умею — в /help.");
  });
});
