import { describe, expect, it } from "vitest";
import { isCalendarDay, moscowToday } from "./calendar-day.ts";
import { lastTaskDay, TASK_HORIZON_DAYS } from "./task-horizon.ts";
import { checkTaskWindow, hasExpired, isEditable, type TaskWindow } from "./task-rules.ts";

// 22:30 UTC on the 21st is already the 22nd in Moscow.
const NOW = new Date("2026-11-21T22:30:00Z");
const ok: TaskWindow = { dateFrom: "2026-11-23", dateTo: "2026-11-30", skipDates: [], boxTypeId: 2, deadline: null };
const code = (over: Partial<TaskWindow>) => {
  try {
    checkTaskWindow({ ...ok, ...over }, NOW);
    return "ok";
  } catch (e) {
    return (e as { code: string }).code;
  }
};

describe("task rules", () => {
  it("uses Moscow's calendar day", () => {
    expect(moscowToday(NOW)).toBe("2026-11-22");
  });

  it.each([
    ["a valid window", {}, "ok"],
    ["starting today (Moscow)", { dateFrom: "2026-11-22" }, "ok"],
    ["starting yesterday (Moscow)", { dateFrom: "2026-11-21" }, "task.date_in_past"],
    ["ending before it starts", { dateFrom: "2026-11-30", dateTo: "2026-11-23" }, "task.date_order"],
    ["exactly 30 days", { dateFrom: "2026-11-23", dateTo: "2026-12-22" }, "ok"],
    ["31 days", { dateFrom: "2026-11-23", dateTo: "2026-12-23" }, "task.range_too_long"],
    // Today (Moscow) is 2026-11-22: the 60th day from it is 2027-01-20.
    ["ending on the 60th day", { dateFrom: "2027-01-10", dateTo: "2027-01-20" }, "ok"],
    ["ending on the 61st day", { dateFrom: "2027-01-10", dateTo: "2027-01-21" }, "task.date_too_far"],
    ["months ahead", { dateFrom: "2027-06-01", dateTo: "2027-06-05" }, "task.date_too_far"],
    ["skipping a day inside", { skipDates: ["2026-11-25"] }, "ok"],
    ["skipping a day outside", { skipDates: ["2026-12-01"] }, "task.skip_outside_range"],
    ["skipping every day", { dateTo: "2026-11-24", skipDates: ["2026-11-23", "2026-11-24"] }, "task.every_day_skipped"],
    ["skipping all days but one", { dateTo: "2026-11-24", skipDates: ["2026-11-24"] }, "ok"],
    ["QR box type", { boxTypeId: 0 }, "ok"],
    ["an unknown box type", { boxTypeId: 3 }, "task.unknown_box_type"],
    ["a deadline ahead", { deadline: "2026-11-25T12:00:00Z" }, "ok"],
    ["a deadline behind", { deadline: "2026-11-21T12:00:00Z" }, "task.deadline_in_past"],
  ] as const)("%s → %s", (_name, over, expected) => {
    expect(code(over as Partial<TaskWindow>)).toBe(expected);
  });

  it("on an edit, judges against today only the dates the edit sets", () => {
    const running = { ...ok, dateFrom: "2026-11-20", dateTo: "2026-11-30" };
    const before = { dateFrom: "2026-11-20", dateTo: "2026-11-30", skipDates: [] };
    // A task whose first day has passed keeps it, and can still be edited.
    expect(() => checkTaskWindow(running, NOW, before)).not.toThrow();
    // Moving its start into the past, or its end beyond the horizon, is still refused.
    expect(() => checkTaskWindow({ ...running, dateFrom: "2026-11-19" }, NOW, before)).toThrow("task.date_in_past");
    expect(() => checkTaskWindow(running, NOW)).toThrow("task.date_in_past");
    const far = { ...ok, dateFrom: "2027-03-01", dateTo: "2027-03-05" };
    expect(() => checkTaskWindow({ ...far, dateTo: "2027-03-06" }, NOW, far)).toThrow("task.date_too_far");
  });

  it("wants a day to watch from today on; an edit that leaves the window as it was is not judged for it", () => {
    // Today (Moscow) is the 22nd: the 20th and 21st of a running task are gone.
    const running = { ...ok, dateFrom: "2026-11-20", dateTo: "2026-11-23" };
    const before = { dateFrom: "2026-11-20", dateTo: "2026-11-23", skipDates: [] };
    const rest = { ...running, skipDates: ["2026-11-22", "2026-11-23"] };
    expect(() => checkTaskWindow(rest, NOW, before)).toThrow("task.every_day_skipped");
    expect(() => checkTaskWindow({ ...running, skipDates: ["2026-11-23"] }, NOW, before)).not.toThrow();
    // Its days left all skipped already (they were not when it was set): pausing it is not refused for that.
    expect(() => checkTaskWindow(rest, NOW, rest)).not.toThrow();
  });

  it("counts the horizon from today (Moscow)", () => {
    expect(TASK_HORIZON_DAYS).toBe(60);
    expect(lastTaskDay("2026-11-22")).toBe("2027-01-20");
  });

  it("knows real calendar days", () => {
    expect(isCalendarDay("2026-02-28")).toBe(true);
    expect(isCalendarDay("2026-02-30")).toBe(false);
    expect(isCalendarDay("26-11-21")).toBe(false);
  });

  it("lets only live tasks be edited, and expires them after their range or deadline", () => {
    expect(["active", "paused", "booked", "expired", "failed"].filter((s) => isEditable(s as never))).toEqual([
      "active",
      "paused",
    ]);
    expect(hasExpired({ dateTo: "2026-11-21", deadline: null }, NOW)).toBe(true);
    expect(hasExpired({ dateTo: "2026-11-22", deadline: null }, NOW)).toBe(false);
    expect(hasExpired({ dateTo: "2026-11-30", deadline: new Date("2026-11-21T22:00:00Z") }, NOW)).toBe(true);
  });
});
