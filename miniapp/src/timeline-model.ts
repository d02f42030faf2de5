import type { Booking, TimelineEvent } from "./api.ts";

/** One line of a task's timeline: a step of its life, or a booking with how it ended. */
export type TimelineEntry =
  | { kind: "event"; at: string; event: TimelineEvent }
  | { kind: "booking"; at: string; booking: Booking };

const bookingIdOf = (event: TimelineEvent): unknown =>
  event.kind.startsWith("booking_") ? (event.details as { bookingId?: unknown }).bookingId : undefined;

/**
 * A task's events and its bookings as one timeline, newest first. A booking stands at the moment
 * it ended (or was handed to the booker, while it runs), and replaces the timeline event the booker
 * wrote for its end: the booking also knows its cost, reason and screenshot.
 */
export function taskTimeline(events: readonly TimelineEvent[], bookings: readonly Booking[]): TimelineEntry[] {
  const listed = new Set<unknown>(bookings.map((b) => b.id));
  const entries: TimelineEntry[] = [
    ...events
      .filter((e) => !listed.has(bookingIdOf(e)))
      .map((event) => ({ kind: "event" as const, at: event.at, event })),
    ...bookings.map((booking) => ({ kind: "booking" as const, at: booking.finishedAt ?? booking.createdAt, booking })),
  ];
  return entries.sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
}

/** A booking that did not go through: what the seller may want to see a screenshot of. */
export const isFailure = (booking: Pick<Booking, "status">) =>
  booking.status === "missed" || booking.status === "failed";
