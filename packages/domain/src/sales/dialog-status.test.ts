import { describe, expect, it } from "vitest";
import { aiMayAnswer, type DialogEvent, type DialogStatus, nextDialogStatus } from "./dialog-status.ts";

// status × event → next status ("—" = refused, nothing changes)
const TABLE: [DialogStatus, DialogEvent, DialogStatus | "—"][] = [
  ["new", "opener_sent", "contacted"],
  ["contacted", "opener_sent", "—"],
  ["new", "incoming", "replied"],
  ["contacted", "incoming", "replied"],
  ["replied", "incoming", "replied"],
  ["qualified", "incoming", "qualified"],
  ["handed_over", "incoming", "handed_over"],
  ["contacted", "qualified", "qualified"],
  ["replied", "qualified", "qualified"],
  ["qualified", "qualified", "—"],
  ["new", "qualified", "—"],
  ["replied", "hand_over", "handed_over"],
  ["qualified", "hand_over", "handed_over"],
  ["handed_over", "hand_over", "—"],
  ["replied", "hand_back", "—"],
  ["new", "close", "closed"],
  ["handed_over", "close", "closed"],
  ["closed", "incoming", "—"],
  ["closed", "opener_sent", "—"],
  ["closed", "hand_over", "—"],
  ["closed", "close", "—"],
];

describe("nextDialogStatus", () => {
  it.each(TABLE)("%s + %s → %s", (status, event, next) => {
    expect(nextDialogStatus(status, event) ?? "—").toBe(next);
  });

  it("hands a dialog back to where the AI left it", () => {
    expect(nextDialogStatus("handed_over", "hand_back", { hasIncoming: false, wasQualified: false })).toBe("contacted");
    expect(nextDialogStatus("handed_over", "hand_back", { hasIncoming: true, wasQualified: false })).toBe("replied");
    expect(nextDialogStatus("handed_over", "hand_back", { hasIncoming: true, wasQualified: true })).toBe("qualified");
  });
});

describe("aiMayAnswer", () => {
  it.each([
    ["new", false, false],
    ["contacted", false, true],
    ["replied", false, true],
    ["qualified", false, true],
    ["replied", true, false],
    ["handed_over", false, false],
    ["closed", false, false],
  ] as const)("%s (taken over: %s) → %s", (status, takenOver, may) => {
    expect(aiMayAnswer(status, takenOver)).toBe(may);
  });
});
