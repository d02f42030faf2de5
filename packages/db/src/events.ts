import { sql, type Transaction } from "kysely";
import type { Db } from "./connect.ts";
import { listenChannel } from "./listen.ts";
import type { Database, PortalSessionState, PortalWaitingFor } from "./schema.ts";

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
    }
  /** A cabinet's portal session changed state, what it waits for, or its error (no secrets in it). */
  | {
      type: "portal.session";
      organizationId: number;
      cabinetId: number;
      state: PortalSessionState;
      waitingFor: PortalWaitingFor | null;
      /** An `errors.*` code, or null. */
      error: string | null;
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
export function listenEvents(
  url: string,
  onEvent: (event: AppEvent) => void,
  onError: (error: Error) => void = () => {},
): Promise<{ close(): Promise<void> }> {
  return listenChannel(url, EVENTS_CHANNEL, (payload) => onEvent(JSON.parse(payload) as AppEvent), onError);
}
