import { describe, expect, it } from "vitest";
import { formatPortalNotice, parsePortalNoticePayload } from "./format-portal.ts";

const notice = { organizationId: 3, cabinetId: 12, cabinetName: "Main", pausedTasks: 2, audience: "member" as const };

describe("portal notices", () => {
  it("tell the seller what happened and give one tap back in (a Mini App button on HTTPS)", () => {
    const m = formatPortalNotice(notice, "en", "https://slotpilot.example/");
    expect(m.text).toBe(
      "Wildberries ended the seller-portal session of cabinet “Main”, and three attempts to restore it from its saved state failed.\n\n" +
        "Booking tasks paused until you log in again: 2.",
    );
    expect(m.replyMarkup?.inline_keyboard).toEqual([
      [{ text: "Log in again", web_app: { url: "https://slotpilot.example/cabinets?login=12" } }],
    ]);
  });

  it("use a link button on plain HTTP, say so when nothing was paused, and speak Russian", () => {
    const m = formatPortalNotice({ ...notice, pausedTasks: 0 }, "ru", "http://localhost:8080");
    expect(m.text).toContain("Войдите снова, чтобы бронирование из этого кабинета продолжилось.");
    expect(m.replyMarkup?.inline_keyboard).toEqual([
      [{ text: "Войти снова", url: "http://localhost:8080/cabinets?login=12" }],
    ]);
  });

  it("give admins the facts without a button to someone else's cabinet", () => {
    const m = formatPortalNotice({ ...notice, audience: "admin" }, "en", "https://slotpilot.example");
    expect(m.text).toBe(
      "Portal session lost: cabinet “Main” (#12, organization #3); 2 booking tasks paused. The seller has been asked to log in again.",
    );
    expect(m.replyMarkup).toBeUndefined();
    const one = formatPortalNotice({ ...notice, audience: "admin", pausedTasks: 1 }, "en", "https://slotpilot.example");
    expect(one.text).toContain("; 1 booking task paused.");
    const ru = (pausedTasks: number) =>
      formatPortalNotice({ ...notice, audience: "admin", pausedTasks }, "ru", "https://slotpilot.example").text;
    expect(ru(1)).toContain("; приостановлена 1 задача бронирования.");
    expect(ru(3)).toContain("; приостановлены 3 задачи бронирования.");
    expect(ru(5)).toContain("; приостановлено 5 задач бронирования.");
  });

  it("refuse payloads that do not have the notice's shape", () => {
    expect(parsePortalNoticePayload(notice)).toEqual(notice);
    expect(parsePortalNoticePayload({ ...notice, audience: "everyone" })).toBeNull();
    expect(parsePortalNoticePayload({ ...notice, cabinetId: "12" })).toBeNull();
    expect(parsePortalNoticePayload(null)).toBeNull();
  });
});
