import { describe, expect, it } from "vitest";
import { taskStatusMessage } from "./task-status-message.ts";

const slot = { taskId: 3, warehouseName: "Коледино", date: "2026-12-05", coefficient: 1 };
const text = (payload: Record<string, unknown>, locale: "en" | "ru" = "en") =>
  taskStatusMessage(payload, locale, "https://slotpilot.example")?.text;

describe("a task's live status", () => {
  it("says a dry run books nothing while it runs, not 'Booking…'", () => {
    expect(text({ ...slot, phase: "booking" })).toBe("⚡ Task #3: a slot opened — Коледино, 5 December, ×1. Booking…");
    expect(text({ ...slot, phase: "booking", dryRun: true })).toBe(
      "🧪 Task #3: a slot opened — Коледино, 5 December, ×1. Dry run: going up to WB’s last step, booking nothing…",
    );
    expect(text({ ...slot, phase: "booking", dryRun: true }, "ru")).toBe(
      "🧪 Задача #3: открылся слот — Коледино, 5 декабря, ×1. Пробный прогон: доходим до последнего шага WB, ничего не бронируем…",
    );
  });

  it("names both sums when a slot was missed over the task's ruble cap", () => {
    expect(
      text(
        { ...slot, phase: "missed", reasonCode: "booking.cost_over_cap", acceptanceCost: 3000, maxCostRub: 2500 },
        "ru",
      ),
    ).toBe(
      "⚠️ Задача #3: не удалось — Коледино, 5 декабря, ×1. Стоимость приёмки — 3\u00a0000 ₽, больше лимита задачи в 2\u00a0500 ₽. Продолжаем искать.",
    );
  });

  it("says a task paused by the plan is paused, not that its booking failed", () => {
    expect(text({ ...slot, phase: "paused", reasonCode: "booking.plan_limit" })).toBe(
      "⏸ Task #3: paused. Your plan's bookings for this period are used up.",
    );
    expect(text({ ...slot, phase: "paused", reasonCode: "booking.plan_limit" }, "ru")).toBe(
      "⏸ Задача #3: на паузе. Бронирования по вашему тарифу на этот период закончились.",
    );
  });

  it("says who or what paused a task, that it hunts again, that it ended and why, or that it was deleted", () => {
    const task = { taskId: 3 };
    expect(text({ ...task, phase: "paused", taskReason: "by_seller" }, "ru")).toBe(
      "⏸ Задача #3: на паузе. Слот не ищу, пока вы её не возобновите.",
    );
    expect(text({ ...task, phase: "paused", taskReason: "trial_over" })).toBe(
      "⏸ Task #3: paused — the free trial has ended: choose a plan to go on.",
    );
    expect(text({ ...task, phase: "paused", taskReason: "portal_session_lost" }, "ru")).toBe(
      "⏸ Задача #3: на паузе — сессия портала WB потеряна: войдите снова.",
    );
    expect(text({ ...task, phase: "paused", reason: "waiting for goods" })).toBe(
      "⏸ Task #3: paused. waiting for goods",
    );
    expect(text({ ...task, phase: "searching" }, "ru")).toBe("🔎 Задача #3: ищу слот. Это сообщение обновляется само.");
    expect(text({ ...task, phase: "expired", taskReason: "date_range_over" }, "ru")).toBe(
      "⌛ Задача #3: закончилась — её даты прошли. Слот не найден.",
    );
    expect(text({ ...task, phase: "expired", taskReason: "deadline_passed" })).toBe(
      "⌛ Task #3: ended — its deadline has passed. No slot was found.",
    );
    const deleted = taskStatusMessage({ ...task, phase: "deleted" }, "ru", "https://slotpilot.example");
    // No button: there is no task left to open.
    expect(deleted).toEqual({ text: "🗑 Задача #3 удалена, слот больше не ищу.", liveKey: "task:3", editOnly: true });
  });
});
