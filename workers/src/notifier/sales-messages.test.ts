import { describe, expect, it } from "vitest";
import { MESSAGE_KINDS } from "./message-kinds.ts";

const formatOutboxMessage = (row: { kind: string; payload: unknown; locale: "ru" | "en" }, publicUrl: string) =>
  MESSAGE_KINDS[row.kind]?.(row.payload, row.locale, publicUrl) ?? null;
const row = (kind: string, payload: unknown, locale: "ru" | "en" = "ru") => ({ kind, payload, locale });

describe("sales and urgent messages in the notifier's registry", () => {
  it("words sales events for admins in their language", () => {
    expect(
      formatOutboxMessage(row("sales.event", { event: "lead_qualified", params: { id: 7, username: "wb_anna" } }), ""),
    ).toEqual({
      text: "🔥 Горячий лид: @wb_anna (диалог №7). /view 7 · /takeover 7",
    });
    expect(
      formatOutboxMessage(
        row(
          "sales.event",
          { event: "account_paused", params: { phone: "+79990000001", reason: "peer_flood", moved: 1 } },
          "en",
        ),
        "",
      )?.text,
    ).toBe(
      "⛔ Account +79990000001 is paused: peer_flood. Dialogs not yet started moved to other accounts: 1. Resume it with /enable_account +79990000001 once it is fixed.",
    );
  });

  it("words an urgent alert for the seller", () => {
    expect(
      formatOutboxMessage(row("urgent.alert", { kind: "portal_session_lost", params: { cabinet: "Основной" } }), "")
        ?.text,
    ).toBe(
      "🚨 Slotpilot потерял сессию портала WB кабинета «Основной», а задачи в работе. Откройте Slotpilot и войдите заново, иначе бронирование остановится.",
    );
  });

  it("gives an urgent alert a button to the screen that resolves it", () => {
    const limit = formatOutboxMessage(
      row("urgent.alert", { kind: "plan_limit", params: {} }, "en"),
      "https://s.example",
    );
    expect(limit?.text).toBe(
      "🚨 Your plan's limit is reached while tasks are active: new bookings are paused. Open Slotpilot to continue.",
    );
    expect(limit?.replyMarkup).toEqual({
      inline_keyboard: [[{ text: "Open Slotpilot", web_app: { url: "https://s.example/plan" } }]],
    });
    const failed = formatOutboxMessage(
      row("urgent.alert", { kind: "booking_failed", params: { taskId: 7 } }, "en"),
      "http://localhost:8080/",
    );
    expect(failed?.replyMarkup).toEqual({
      inline_keyboard: [[{ text: "Open Slotpilot", url: "http://localhost:8080/tasks/7" }]],
    });
  });

  it("refuses payloads it cannot read", () => {
    expect(formatOutboxMessage(row("sales.event", { event: "../../errors" }), "")).toBeNull();
    expect(formatOutboxMessage(row("sales.event", null), "")).toBeNull();
    expect(formatOutboxMessage(row("urgent.alert", { kind: 5 }), "")).toBeNull();
  });
});
