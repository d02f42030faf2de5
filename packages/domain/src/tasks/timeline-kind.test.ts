import { describe, expect, it } from "vitest";
import { timelineKind } from "./timeline-kind.ts";

describe("a timeline event's kind", () => {
  it.each([
    ["created", { kind: "created" }],
    ["alert", { kind: "alert" }],
    ["booking_started", { kind: "started" }],
    ["booking_dry_run", { kind: "booking", ending: "dry_run" }],
    ["move_confirmed", { kind: "move", ending: "confirmed" }],
    ["move_started", { kind: "other" }],
    ["booking_pending", { kind: "other" }],
    ["something_new", { kind: "other" }],
  ])("%s", (name, expected) => {
    expect(timelineKind(name)).toEqual(expected);
  });
});
