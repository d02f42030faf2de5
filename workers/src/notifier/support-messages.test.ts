import { describe, expect, it } from "vitest";
import { MESSAGE_KINDS } from "./message-kinds.ts";

describe("support messages", () => {
  const payload = { telegramId: 7001, name: "Олег", username: "oleg", organization: "Олег", text: "Не вижу слотов" };

  it("shows an admin who wrote, with a Reply button that starts the answer in the bot", () => {
    const message = MESSAGE_KINDS["support.message"]?.(payload, "en", "https://slotpilot.example");
    expect(message?.text).toBe(
      "✉️ Support message from Олег (@oleg), Telegram id 7001, organization “Олег”:\n\nНе вижу слотов",
    );
    expect(message?.replyMarkup?.inline_keyboard).toEqual([[{ text: "↩️ Reply", callback_data: "sup:reply:7001" }]]);
  });

  it("words the team's answer for the seller, in Russian", () => {
    expect(MESSAGE_KINDS["support.reply"]?.({ text: "Завтра утром" }, "ru", "")?.text).toBe(
      "✉️ Ответ команды Slotpilot:\n\nЗавтра утром",
    );
  });

  it("refuses payloads without the fields it needs", () => {
    expect(MESSAGE_KINDS["support.message"]?.({ text: "x" }, "en", "")).toBeNull();
    expect(MESSAGE_KINDS["support.reply"]?.({}, "en", "")).toBeNull();
  });
});
