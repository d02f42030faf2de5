import { describe, expect, it } from "vitest";
import {
  parseCostCap,
  placeErrors,
  skipDayMonths,
  type TaskFormValues,
  taskPatch,
  taskRequest,
} from "./task-form-model.ts";

const values = (patch: Partial<TaskFormValues> = {}): TaskFormValues => ({
  cabinetId: 3,
  supply: "p:30000001",
  warehouseIds: [],
  boxTypeId: 2,
  dateFrom: "2026-12-01",
  dateTo: "2026-12-03",
  skipDates: [],
  maxCoefficient: "2",
  maxCostRub: "",
  mode: "book",
  dryRun: false,
  replan: false,
  ...patch,
});
const messages = { chooseSupply: "Choose the supply.", costCapInvalid: "Not a sum." };

describe("the ruble cap as typed", () => {
  it.each([
    ["", null],
    ["  ", null],
    ["5000", 5000],
    ["5 000 ₽", 5000],
    ["5\u00a0000", 5000],
    ["2500 руб.", 2500],
    // The API judges these and says why beside the field.
    ["-5", -5],
    ["1.5", 1.5],
    ["1,5", 1.5],
    ["cheap", undefined],
    ["5k", undefined],
  ])("%j → %j", (text, expected) => {
    expect(parseCostCap(text)).toBe(expected);
  });
});

describe("the task form's request", () => {
  it("sends the ruble cap and the dry run of a book task", () => {
    const request = taskRequest(values({ maxCostRub: "5 000", dryRun: true }), messages);
    expect(request).toEqual({
      ok: true,
      body: {
        cabinetId: 3,
        supply: { kind: "preorder", preorderId: 30000001 },
        dateFrom: "2026-12-01",
        dateTo: "2026-12-03",
        skipDates: [],
        maxCoefficient: 2,
        maxCostRub: 5000,
        mode: "book",
        dryRun: true,
        replan: false,
      },
    });
  });

  it("an empty cap is no cap; an alert task is never a dry run", () => {
    const request = taskRequest(values({ mode: "alert", dryRun: true }), messages);
    expect(request.ok && request.body).toMatchObject({ maxCostRub: null, mode: "alert", dryRun: false });
  });

  it("an alert task has no ruble cap, whatever was typed before it became one", () => {
    for (const typed of ["5 000", "cheap"]) {
      const request = taskRequest(values({ mode: "alert", maxCostRub: typed }), messages);
      expect(request.ok && request.body).toMatchObject({ maxCostRub: null, mode: "alert" });
    }
  });

  it("a cap that is no sum at all is refused beside its field and nothing is sent", () => {
    expect(taskRequest(values({ maxCostRub: "cheap" }), messages)).toEqual({
      ok: false,
      byField: { maxCostRub: "Not a sum." },
    });
    expect(taskRequest(values({ supply: null }), messages)).toEqual({
      ok: false,
      byField: { supply: "Choose the supply." },
    });
  });

  it("asks for re-plan only for a book task that really books", () => {
    const ask = (patch: Partial<TaskFormValues>) => {
      const request = taskRequest(values({ replan: true, ...patch }), messages);
      return request.ok && request.body.replan;
    };
    expect(ask({})).toBe(true);
    expect(ask({ dryRun: true })).toBe(false);
    expect(ask({ mode: "alert" })).toBe(false);
    expect(ask({ replan: false })).toBe(false);
  });

  it("keeps skipped days inside the range only", () => {
    const request = taskRequest(values({ skipDates: ["2026-12-02", "2026-12-09"] }), messages);
    expect(request.ok && request.body.skipDates).toEqual(["2026-12-02"]);
  });
});

describe("where an API refusal is shown", () => {
  it("beside the ruble cap and the dry run switch for their fields", () => {
    expect(
      placeErrors("request.invalid", "Invalid", [
        { field: "maxCostRub", code: "too_small", message: "Must be at least 0." },
        { field: "dryRun", code: "invalid_type", message: "Must be yes or no." },
      ]),
    ).toEqual({ byField: { maxCostRub: "Must be at least 0.", dryRun: "Must be yes or no." }, general: null });
  });

  it("a rule's refusal beside the field it concerns; anything else at the top", () => {
    expect(placeErrors("task.supply_taken", "Taken.", [])).toEqual({ byField: { supply: "Taken." }, general: null });
    expect(placeErrors("task.every_day_skipped", "Every day skipped.", [])).toEqual({
      byField: { skipDates: "Every day skipped." },
      general: null,
    });
    expect(placeErrors("wb.unavailable", "WB is down.", [])).toEqual({ byField: {}, general: "WB is down." });
    // A plan without re-plan: said beside the switch that asked for it.
    expect(placeErrors("plan.feature_required", "Re-plan needs Pro.", [])).toEqual({
      byField: { replan: "Re-plan needs Pro." },
      general: null,
    });
  });
});

describe("an edit's request", () => {
  it("sends only what changed: a first day already past, left alone, is not sent back", () => {
    const before = values({ dateFrom: "2026-11-20", maxCostRub: "5000" });
    expect(taskPatch(before, before, messages)).toEqual({ ok: true, body: {} });
    expect(taskPatch({ ...before, maxCoefficient: "3", skipDates: ["2026-12-02"] }, before, messages)).toEqual({
      ok: true,
      body: { maxCoefficient: 3, skipDates: ["2026-12-02"] },
    });
    // Switched to alerts: the caps and options only a book task has go with it.
    expect(taskPatch({ ...before, mode: "alert" }, before, messages)).toEqual({
      ok: true,
      body: { mode: "alert", maxCostRub: null },
    });
  });

  it("refuses a ruble cap that is not a sum before asking the API", () => {
    expect(taskPatch(values({ maxCostRub: "cheap" }), values(), messages)).toEqual({
      ok: false,
      byField: { maxCostRub: "Not a sum." },
    });
  });
});

describe("the days a seller may skip", () => {
  const today = "2026-11-21";
  it("come grouped by month, so a day after the 30th is plainly the next month's", () => {
    expect(skipDayMonths("2026-11-28", "2026-12-02", today)).toEqual([
      { month: "2026-11", days: ["2026-11-28", "2026-11-29", "2026-11-30"] },
      { month: "2026-12", days: ["2026-12-01", "2026-12-02"] },
    ]);
  });

  it.each([
    ["a range longer than a task may watch (116 days)", "2026-11-22", "2027-03-17"],
    ["31 days", "2026-11-22", "2026-12-22"],
    ["ends in the wrong order", "2026-12-05", "2026-12-01"],
    ["a first day in the past", "2026-11-20", "2026-11-25"],
    ["a last day past the horizon", "2027-01-15", "2027-01-20"],
    ["a single day", "2026-11-25", "2026-11-25"],
  ])("none for %s: the date fields say what is wrong", (_name, from, to) => {
    expect(skipDayMonths(from, to, today)).toEqual([]);
  });

  it("all 30 days of the longest range", () => {
    expect(skipDayMonths("2026-11-22", "2026-12-21", today).flatMap((m) => m.days)).toHaveLength(30);
  });
});
