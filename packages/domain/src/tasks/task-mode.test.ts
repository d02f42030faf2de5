import { describe, expect, it } from "vitest";
import { bookingOnlyOnAlert, editedTaskMode, startsBooking, type TaskMode } from "./task-mode.ts";

const booking: TaskMode = { mode: "book", dryRun: false, maxCostRub: 5000, replan: true };
const alert: TaskMode = { mode: "alert", dryRun: false, maxCostRub: null, replan: false };

describe("booking-only options", () => {
  it("a task that books may have them all", () => {
    expect(bookingOnlyOnAlert("book", { dryRun: true, maxCostRub: 500, replan: true })).toEqual([]);
  });

  it("an alert names each one it was given", () => {
    expect(bookingOnlyOnAlert("alert", { dryRun: true, maxCostRub: 500 })).toEqual(["dryRun", "maxCostRub"]);
    expect(bookingOnlyOnAlert("alert", { replan: true })).toEqual(["replan"]);
  });

  it("an alert may say them off (false, null) or leave them out", () => {
    expect(bookingOnlyOnAlert("alert", { dryRun: false, maxCostRub: null, replan: false })).toEqual([]);
    expect(bookingOnlyOnAlert("alert", {})).toEqual([]);
  });

  it("a ruble cap of 0 is a cap", () => {
    expect(bookingOnlyOnAlert("alert", { maxCostRub: 0 })).toEqual(["maxCostRub"]);
  });
});

describe("editing a task's mode", () => {
  it("switching a task that books to an alert drops its dry run, ruble cap and re-plan", () => {
    expect(editedTaskMode({ ...booking, dryRun: true }, { mode: "alert" })).toEqual(alert);
  });

  it("an edit keeps what it does not change", () => {
    expect(editedTaskMode(booking, { dryRun: true })).toEqual({ ...booking, dryRun: true });
    expect(editedTaskMode(booking, { maxCostRub: null })).toEqual({ ...booking, maxCostRub: null });
    expect(editedTaskMode(alert, { mode: "book", maxCostRub: 800 })).toEqual({
      ...alert,
      mode: "book",
      maxCostRub: 800,
    });
  });
});

describe("which changes start a task hunting to book (and so need a booking left)", () => {
  const active = (mode: TaskMode["mode"]) => ({ status: "active", mode });
  const paused = (mode: TaskMode["mode"]) => ({ status: "paused", mode });

  it("a new task that books, a paused one resumed, an active alert switched to booking", () => {
    expect(startsBooking(null, active("book"))).toBe(true);
    expect(startsBooking(paused("book"), active("book"))).toBe(true);
    expect(startsBooking(paused("alert"), active("book"))).toBe(true);
    expect(startsBooking(active("alert"), active("book"))).toBe(true);
  });

  it("not an alert, not a task left paused, not an edit of a task already hunting", () => {
    expect(startsBooking(null, active("alert"))).toBe(false);
    expect(startsBooking(paused("book"), active("alert"))).toBe(false);
    expect(startsBooking(paused("alert"), paused("book"))).toBe(false);
    expect(startsBooking(active("book"), active("book"))).toBe(false);
    expect(startsBooking(active("book"), paused("book"))).toBe(false);
  });
});
