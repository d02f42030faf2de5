import { describe, expect, it } from "vitest";
import { bookingResultMessage } from "./booking-result-message.ts";

const paused = {
  outcome: "paused",
  taskId: 6,
  warehouseName: "Электросталь",
  date: "2026-12-14",
  coefficient: 0,
  acceptanceCost: null,
  reasonCode: "booking.plan_limit",
};

describe("a booking's result, as the seller's new message", () => {
  it("paused by the plan's limit: one message that names the slot it left and leads to the plan", () => {
    const en = bookingResultMessage(paused, "en", "https://slotpilot.example");
    expect(en?.text).toBe(
      "⏸ Task #6 is paused: Your plan's bookings for this period are used up.\n" +
        "It found a slot — Электросталь, 14 December, free — and left it unbooked.\n\n" +
        "Choose a plan or a booking pack to keep booking.",
    );
    expect(en?.replyMarkup).toEqual({
      inline_keyboard: [
        [{ text: "💳 Choose a plan", web_app: { url: "https://slotpilot.example/plan" } }],
        [{ text: "Open task", web_app: { url: "https://slotpilot.example/tasks/6" } }],
      ],
    });
    const ru = bookingResultMessage(paused, "ru", "http://localhost:8080/");
    expect(ru?.text).toBe(
      "⏸ Задача #6 приостановлена: Бронирования по вашему тарифу на этот период закончились.\n" +
        "Она нашла слот — Электросталь, 14 декабря, бесплатно — и не стала его бронировать.\n\n" +
        "Выберите тариф или пакет бронирований, чтобы бронирование продолжилось.",
    );
    expect(ru?.replyMarkup).toEqual({
      inline_keyboard: [
        [{ text: "💳 Выбрать тариф", url: "http://localhost:8080/plan" }],
        [{ text: "Открыть задачу", url: "http://localhost:8080/tasks/6" }],
      ],
    });
  });

  it("a permanent failure keeps its one button to the task", () => {
    const failed = { ...paused, outcome: "failed", reasonCode: "booking.supply_gone" };
    expect(bookingResultMessage(failed, "en", "https://slotpilot.example")?.replyMarkup).toEqual({
      inline_keyboard: [[{ text: "Open task", web_app: { url: "https://slotpilot.example/tasks/6" } }]],
    });
  });
});
