import { sql, type Transaction } from "kysely";
import pg from "pg";
import { clientOptions, type Db } from "./connect.ts";
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
// NOTIFY payloads are limited to 8000 bytes; slot changes are split well below that.
const CHANGES_PER_EVENT = 40;

export async function publishEvent(db: Db | Transaction<Database>, event: AppEvent): Promise<void> {
  const events =
    event.type === "slots.changed"
      ? Array.from({ length: Math.ceil(event.changes.length / CHANGES_PER_EVENT) }, (_, i) => ({
          type: event.type,
          changes: event.changes.slice(i * CHANGES_PER_EVENT, (i + 1) * CHANGES_PER_EVENT),
        }))
      : [event];
  for (const e of events) await sql`select pg_notify(${EVENTS_CHANNEL}, ${JSON.stringify(e)})`.execute(db);
}

/**
 * Listens on one dedicated connection and hands every event to `onEvent`. Reconnects after a lost
 * connection (events published meanwhile are missed: a client that needs the full state reloads it).
 */
export async function listenEvents(
  url: string,
  onEvent: (event: AppEvent) => void,
  onError: (error: Error) => void = () => {},
): Promise<{ close(): Promise<void> }> {
  let client: pg.Client | undefined;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  const connect = async () => {
    const next = new pg.Client(clientOptions(url));
    next.on("notification", (message) => {
      if (message.channel !== EVENTS_CHANNEL || !message.payload) return;
      try {
        onEvent(JSON.parse(message.payload) as AppEvent);
      } catch (error) {
        onError(error as Error);
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
