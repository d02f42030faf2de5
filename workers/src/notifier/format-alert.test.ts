import { describe, expect, it } from "vitest";
import { formatSlotAlert, parseSlotAlertPayload, recipientLocale } from "./format-alert.ts";

const alert = {
  taskId: 42,
  warehouseId: 507,
  warehouseName: "Коледино",
  date: "2026-11-25",
  boxTypeId: 2,
  coefficient: 0,
};

describe("formatSlotAlert", () => {
  it("words the alert in Russian with a Mini App button for an HTTPS deployment", () => {
    const message = formatSlotAlert(alert, "ru", "https://slotpilot.example/");
    expect(message.text).toBe(
      "Открылся слот: Коледино\nДата: ср, 25 ноября\nТип поставки: Короба\nПриёмка: бесплатно\n\n" +
        "Запланируйте поставку в личном кабинете WB, пока слот не заняли.",
    );
    expect(message.replyMarkup?.inline_keyboard).toEqual([
      [{ text: "Открыть задачу", web_app: { url: "https://slotpilot.example/tasks/42" } }],
    ]);
  });

  it("words it in English, shows a paid coefficient, and uses a link button for plain HTTP", () => {
    const message = formatSlotAlert({ ...alert, boxTypeId: 0, coefficient: 3 }, "en", "http://localhost:8080");
    expect(message.text).toContain("Slot open at Коледино\nDate: Wed 25 November\nBox type: QR supply with boxes");
    expect(message.text).toContain("Acceptance: ×3");
    expect(message.replyMarkup?.inline_keyboard).toEqual([
      [{ text: "Open task", url: "http://localhost:8080/tasks/42" }],
    ]);
  });

  it("links to the supply in the WB portal beside the task button when the notifier knows it", () => {
    const portalUrl =
      "https://seller.wildberries.ru/supplies-management/all-supplies/supply-detail?preorderId=30000001";
    const message = formatSlotAlert({ ...alert, portalUrl }, "en", "https://slotpilot.example");
    expect(message.replyMarkup?.inline_keyboard).toEqual([
      [
        { text: "Open in WB", url: portalUrl },
        { text: "Open task", web_app: { url: "https://slotpilot.example/tasks/42" } },
      ],
    ]);
    expect(parseSlotAlertPayload({ ...alert, portalUrl: "javascript:alert(1)" })).toEqual(alert);
  });

  it("reads the recipient's chosen language first, then their Telegram language", () => {
    expect(recipientLocale({ locale: "en", languageCode: "ru" })).toBe("en");
    expect(recipientLocale({ locale: null, languageCode: "ru" })).toBe("ru");
    expect(recipientLocale(null)).toBe("en");
  });

  it("refuses payloads that do not have the alert's shape", () => {
    expect(parseSlotAlertPayload(alert)).toEqual(alert);
    expect(parseSlotAlertPayload({ ...alert, date: "25.11.2026" })).toBeNull();
    expect(parseSlotAlertPayload({ ...alert, taskId: "42" })).toBeNull();
    expect(parseSlotAlertPayload(null)).toBeNull();
  });
});
