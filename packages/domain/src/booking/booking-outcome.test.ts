import { describe, expect, it } from "vitest";
import { type AttemptFailure, judgeFailure, readBackVerdict, taskEventFor } from "./booking-outcome.ts";

const verdict = (failure: AttemptFailure) => {
  const v = judgeFailure(failure);
  return v.kind === "missed" ? `missed ${v.reason}` : `${v.kind} ${v.reason} (task: ${v.taskReason})`;
};

describe("a failed booking attempt", () => {
  it.each([
    ["WB says the cell is closed", { kind: "refused", wbReason: "slot_closed" }, "missed booking.slot_gone"],
    ["WB says the date is out of range", { kind: "refused", wbReason: "date_unavailable" }, "missed booking.slot_gone"],
    [
      "the places are gone (someone was first)",
      { kind: "refused", wbReason: "no_capacity" },
      "missed booking.competitor_first",
    ],
    [
      "WB refused the page's challenge",
      { kind: "refused", wbReason: "captcha_invalid" },
      "missed booking.challenge_refused",
    ],
    [
      "WB refuses with a code we do not know",
      { kind: "refused", wbReason: "something_new" },
      "missed booking.slot_gone",
    ],
    [
      "the preorder is gone",
      { kind: "refused", wbReason: "preorder_not_found" },
      "failed booking.supply_gone (task: supply_gone)",
    ],
    [
      "the preorder was planned by someone else",
      { kind: "refused", wbReason: "already_planned" },
      "failed booking.planned_elsewhere (task: supply_planned_elsewhere)",
    ],
    ["the portal session ended", { kind: "session_lost" }, "missed booking.session_lost"],
    ["WB answered 5xx", { kind: "unavailable" }, "missed booking.wb_unavailable"],
    ["WB asked to slow down", { kind: "rate_limited" }, "missed booking.rate_limited"],
    ["the acceptance cost is over the seller's ruble cap", { kind: "cost_over_cap" }, "missed booking.cost_over_cap"],
    ["WB accepted but the supply did not read back", { kind: "not_confirmed" }, "missed booking.not_confirmed"],
    ["the plan's monthly limit is reached", { kind: "plan_limit" }, "paused booking.plan_limit (task: plan_limit)"],
    ["the trial is over", { kind: "trial_over" }, "paused booking.trial_over (task: trial_over)"],
    ["no worker could take it in time", { kind: "stale" }, "missed booking.stale"],
  ] as const)("when %s → %s", (_when, failure, expected) => {
    expect(verdict(failure as AttemptFailure)).toBe(expected);
  });
});

describe("a booking's end, as the task sees it", () => {
  it.each([
    [{ kind: "confirmed" }, "booking_confirmed"],
    [{ kind: "dry_run" }, "booking_missed"],
    [{ kind: "missed", reason: "booking.slot_gone" }, "booking_missed"],
    [{ kind: "failed", reason: "booking.supply_gone", taskReason: "supply_gone" }, "booking_impossible"],
    [{ kind: "paused", reason: "booking.plan_limit", taskReason: "plan_limit" }, "pause"],
  ] as const)("%o → %s", (end, event) => {
    expect(taskEventFor(end).type).toBe(event);
  });
});

describe("reading the supply back", () => {
  it.each([
    ["planned on the booked date", { statusId: 2, supplyDate: "2026-11-23T00:00:00Z" }, "confirmed"],
    ["planned, Moscow-time stamp", { statusId: 2, supplyDate: "2026-11-23T00:00:00+03:00" }, "confirmed"],
    ["already past planning on that date", { statusId: 3, supplyDate: "2026-11-23T00:00:00Z" }, "confirmed"],
    ["still unplanned", { statusId: 1, supplyDate: null }, "unplanned"],
    ["planned on another date", { statusId: 2, supplyDate: "2026-11-25T00:00:00Z" }, "planned_elsewhere"],
    ["gone", null, "gone"],
  ] as const)("%s → %s", (_what, supply, expected) => {
    expect(readBackVerdict(supply, "2026-11-23")).toBe(expected);
  });
});
