import type { AppEvent } from "./events.ts";

/**
 * How events travel through NOTIFY: packed into payloads of at most PAYLOAD_BYTES (PostgreSQL's
 * limit is 8000), each a JSON array. A big `slots.changed` is split into events of
 * CHANGES_PER_EVENT changes; a `task.decision` — a read can make thousands — travels as a short
 * tuple, `["d", organizationId, taskId, "b"|"a", warehouseId, date, boxTypeId, coefficient]`,
 * about a quarter of its JSON. Listeners get the same `AppEvent`s back (`unpackPayload`).
 */
const CHANGES_PER_EVENT = 40;
const PAYLOAD_BYTES = 7_900;
const DECISION = "d";

type DecisionTuple = [typeof DECISION, number, number, "b" | "a", number, string, number, number];

/** Big `slots.changed` events split into smaller ones; any other event as it is. */
function split(event: AppEvent): AppEvent[] {
  if (event.type !== "slots.changed" || event.changes.length <= CHANGES_PER_EVENT) return [event];
  return Array.from({ length: Math.ceil(event.changes.length / CHANGES_PER_EVENT) }, (_, i) => ({
    type: event.type,
    changes: event.changes.slice(i * CHANGES_PER_EVENT, (i + 1) * CHANGES_PER_EVENT),
  }));
}

function encode(event: AppEvent): string {
  if (event.type !== "task.decision") return JSON.stringify(event);
  const tuple: DecisionTuple = [
    DECISION,
    event.organizationId,
    event.taskId,
    event.action === "book" ? "b" : "a",
    event.warehouseId,
    event.date,
    event.boxTypeId,
    event.coefficient,
  ];
  return JSON.stringify(tuple);
}

function decode(element: unknown): AppEvent {
  if (!Array.isArray(element)) return element as AppEvent;
  const [, organizationId, taskId, action, warehouseId, date, boxTypeId, coefficient] = element as DecisionTuple;
  return {
    type: "task.decision",
    organizationId,
    taskId,
    action: action === "b" ? "book" : "alert",
    warehouseId,
    date,
    boxTypeId,
    coefficient,
  };
}

/** Events packed, in order, into as few NOTIFY payloads as fit. */
export function packEvents(events: readonly AppEvent[]): string[] {
  const payloads: string[] = [];
  let batch: string[] = [];
  let bytes = 2;
  for (const event of events.flatMap(split)) {
    const json = encode(event);
    // Events carry ids, dates and enums, but a warehouse name could be anything: count bytes.
    const size = Buffer.byteLength(json) + 1;
    if (batch.length > 0 && bytes + size > PAYLOAD_BYTES) {
      payloads.push(`[${batch.join(",")}]`);
      batch = [];
      bytes = 2;
    }
    batch.push(json);
    bytes += size;
  }
  if (batch.length > 0) payloads.push(`[${batch.join(",")}]`);
  return payloads;
}

/** How an event of this type shows in a payload: a payload without it holds no such event. */
export function markerOf(type: AppEvent["type"]): string {
  return type === "task.decision" ? `["${DECISION}",` : `"type":${JSON.stringify(type)}`;
}

/** The events of one payload (a batch, or a single event from older code). Throws on bad JSON. */
export function unpackPayload(payload: string): AppEvent[] {
  const parsed: unknown = JSON.parse(payload);
  return Array.isArray(parsed) ? parsed.map(decode) : [parsed as AppEvent];
}
