import { sql, type Transaction } from "kysely";
import pg from "pg";
import type { Db } from "./connect.ts";
import type { Database } from "./schema.ts";

/**
 * Live events, carried by PostgreSQL LISTEN/NOTIFY so that any process (monitor, workers, API) can
 * publish and every API instance can stream them over SSE. Published inside a transaction, an event
 * is delivered only if the transaction commits.
 */
export type AppEvent =
  /** Public calendar data: every seller may see it. */
  | {
      type: "slots.changed";
      changes: {
        warehouseId: number;
        date: string;
        boxTypeId: number;
        coefficient: number;
        allowUnload: boolean;
        kind: "opened" | "closed" | "changed";
      }[];
    }
  | { type: "task.updated"; organizationId: number; taskId: number; status: string }
  | {
      type: "task.decision";
      organizationId: number;
      taskId: number;
      action: "book" | "alert";
      warehouseId: number;
      date: string;
      boxTypeId: number;
      coefficient: number;
    };

export const EVENTS_CHANNEL = "slotpilot_events";
// NOTIFY payloads are limited to 8000 bytes. Slot changes are split into events of this many, and
// events are packed into payloads (JSON arrays) of at most PAYLOAD_BYTES.
const CHANGES_PER_EVENT = 40;
const PAYLOAD_BYTES = 7_900;

/** Big `slots.changed` events split into smaller ones; any other event as it is. */
function split(event: AppEvent): AppEvent[] {
  if (event.type !== "slots.changed" || event.changes.length <= CHANGES_PER_EVENT) return [event];
  return Array.from({ length: Math.ceil(event.changes.length / CHANGES_PER_EVENT) }, (_, i) => ({
    type: event.type,
    changes: event.changes.slice(i * CHANGES_PER_EVENT, (i + 1) * CHANGES_PER_EVENT),
  }));
}

/** Events packed, in order, into as few NOTIFY payloads as fit: each a JSON array of events. */
export function packEvents(events: readonly AppEvent[]): string[] {
  const payloads: string[] = [];
  let batch: string[] = [];
  let bytes = 2;
  for (const event of events.flatMap(split)) {
    const json = JSON.stringify(event);
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

/**
 * Publishes events in one statement however many there are. Inside a transaction they are
 * delivered only if it commits, in the order given.
 */
export async function publishEvents(db: Db | Transaction<Database>, events: readonly AppEvent[]): Promise<void> {
  const payloads = packEvents(events);
  if (payloads.length === 0) return;
  // The payloads travel as one JSON array of arrays; each element's text is sent as it is.
  await sql`select pg_notify(${EVENTS_CHANNEL}, p.value::text)
            from json_array_elements(${`[${payloads.join(",")}]`}::json) with ordinality as p(value, n)
            order by p.n`.execute(db);
}

export async function publishEvent(db: Db | Transaction<Database>, event: AppEvent): Promise<void> {
  await publishEvents(db, [event]);
}

/**
 * Listens on one dedicated connection and hands every event to `onEvent` — or only those of
 * `types`: a payload holding none of them is skipped without being parsed (the monitor, which wants
 * task changes only, is not made to read back every decision it published). Reconnects after a lost
 * connection (events published meanwhile are missed: a client that needs the full state reloads it).
 */
export async function listenEvents(
  url: string,
  onEvent: (event: AppEvent) => void,
  onError: (error: Error) => void = () => {},
  options: { types?: readonly AppEvent["type"][] } = {},
): Promise<{ close(): Promise<void> }> {
  let client: pg.Client | undefined;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  const types = options.types;
  // Payloads are written by JSON.stringify (publishEvents), so a type appears exactly like this.
  const markers = types?.map((t) => `"type":${JSON.stringify(t)}`);
  const connect = async () => {
    const next = new pg.Client({ connectionString: url });
    next.on("notification", (message) => {
      if (message.channel !== EVENTS_CHANNEL || !message.payload) return;
      const payload = message.payload;
      if (markers && !markers.some((m) => payload.includes(m))) return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(payload);
      } catch (error) {
        onError(error as Error);
        return;
      }
      // A payload is a batch (an array) or, from older code, a single event.
      for (const event of (Array.isArray(parsed) ? parsed : [parsed]) as AppEvent[]) {
        if (types && !types.includes(event.type)) continue;
        try {
          onEvent(event);
        } catch (error) {
          onError(error as Error);
        }
      }
    });
    next.on("error", (error) => {
      onError(error);
      void next.end().catch(() => {});
      if (!closed) retry = setTimeout(() => void connect().catch(onError), 1000);
    });
    await next.connect();
    await next.query(`listen ${EVENTS_CHANNEL}`);
    client = next;
  };
  await connect();
  return {
    close: async () => {
      closed = true;
      clearTimeout(retry);
      await client?.end().catch(() => {});
    },
  };
}
