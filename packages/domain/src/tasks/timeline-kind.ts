/** The steps of a task's life the API records under their own names. */
const PLAIN = ["created", "paused", "resumed", "edited", "alert"] as const;
/** How a booking (or a re-plan's move) ends, as the booker names its timeline events. */
const ENDINGS = ["confirmed", "dry_run", "missed", "failed"] as const;

export type BookingEnding = (typeof ENDINGS)[number];

/**
 * A task timeline event's kind as the bot and the Mini App word it. The API writes the plain steps;
 * the booker writes `booking_started` when it claims a booking, `booking_<ending>` when one ends and
 * `move_<ending>` when a re-plan's move ends. Anything else (a kind newer than this code) is
 * `other`, never shown by its name.
 */
export type TimelineKind =
  | { kind: (typeof PLAIN)[number] }
  | { kind: "started" }
  | { kind: "booking" | "move"; ending: BookingEnding }
  | { kind: "other" };

export function timelineKind(name: string): TimelineKind {
  if ((PLAIN as readonly string[]).includes(name)) return { kind: name as (typeof PLAIN)[number] };
  if (name === "booking_started") return { kind: "started" };
  const [, prefix, ending] = /^(booking|move)_(\w+)$/.exec(name) ?? [];
  if ((prefix === "booking" || prefix === "move") && (ENDINGS as readonly string[]).includes(ending ?? ""))
    return { kind: prefix, ending: ending as BookingEnding };
  return { kind: "other" };
}
