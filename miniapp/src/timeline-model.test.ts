import { describe, expect, it } from "vitest";
import type { Booking, TimelineEvent } from "./api.ts";
import { taskTimeline } from "./timeline-model.ts";

const booking = (id: number, status: string, createdAt: string, finishedAt: string | null): Booking => ({
  id,
  status,
  reason: null,
  reasonMessage: null,
  warehouseId: 507,
  date: "2026-12-05",
  coefficient: 1,
  acceptanceCost: 150,
  strategy: "rpc",
  attempts: 1,
  createdAt,
  finishedAt,
  screenshotUrl: null,
});
const event = (at: string, kind: string, details: TimelineEvent["details"] = {}): TimelineEvent => ({
  at,
  kind,
  details,
});

describe("a task's timeline", () => {
  it("puts bookings among the events, newest first, a booking at its end (or its start while it runs)", () => {
    const entries = taskTimeline(
      [event("2026-12-01T10:00:00Z", "created"), event("2026-12-01T12:00:00Z", "paused")],
      [
        booking(1, "dry_run", "2026-12-01T10:59:59Z", "2026-12-01T11:00:00Z"),
        booking(2, "attempting", "2026-12-01T13:00:00Z", null),
      ],
    );
    expect(entries.map((e) => (e.kind === "event" ? e.event.kind : `booking ${e.booking.id}`))).toEqual([
      "booking 2",
      "paused",
      "booking 1",
      "created",
    ]);
  });

  it("shows a booking once: its row replaces the event the booker wrote for its end", () => {
    const entries = taskTimeline(
      [
        event("2026-12-01T11:00:00Z", "booking_dry_run", { bookingId: 1 }),
        // A booking older than the list the API returns is still told by its event.
        event("2026-11-01T11:00:00Z", "booking_missed", { bookingId: 0 }),
      ],
      [booking(1, "dry_run", "2026-12-01T10:59:59Z", "2026-12-01T11:00:00Z")],
    );
    expect(entries.map((e) => e.kind)).toEqual(["booking", "event"]);
  });
});
