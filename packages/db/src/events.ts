import { sql, type Transaction } from "kysely";
import type { Db } from "./connect.ts";
import { markerOf, packEvents, unpackPayload } from "./event-wire.ts";
import { type ListenOptions, listenChannel } from "./listen.ts";
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
  | {
      type: "task.updated";
      organizationId: number;
      taskId: number;
      status: string;
      /**
       * The task's revision after the change (migration 0014), when the publisher read it: lets the
       * monitor take a booking's end without re-reading the task. Absent: listeners re-read.
       */
      revision?: number;
    }
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
  /** A booking moved: claimed, confirmed (read back as planned), missed, failed, or a dry run. */
  | {
      type: "booking.updated";
      organizationId: number;
      taskId: number;
      bookingId: number;
      status: string;
      /** An `errors.*` code, or null. */
      reason: string | null;
      warehouseId: number;
      date: string;
      coefficient: number;
      /** Rubles, when WB told it. */
      acceptanceCost: number | null;
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

/**
 * Publishes events in one statement however many there are. Inside a transaction they are
 * delivered only if it commits, in the order given.
 */
export async function publishEvents(db: Db | Transaction<Database>, events: readonly AppEvent[]): Promise<void> {
  if (events.length === 0) return;
  await notifySql(events).execute(db);
}

/**
 * The statement (or the last part of one) that publishes `events`: their payloads (see
 * event-wire.ts) travel as one JSON array, each element's text sent as it is. None: selects nothing.
 */
export function notifySql(events: readonly AppEvent[]) {
  const payloads = packEvents(events);
  return sql`select pg_notify(${EVENTS_CHANNEL}, p.value::text)
             from json_array_elements(${`[${payloads.join(",")}]`}::json) with ordinality as p(value, n)
             order by p.n`;
}

export async function publishEvent(db: Db | Transaction<Database>, event: AppEvent): Promise<void> {
  await publishEvents(db, [event]);
}

/**
 * Listens on one dedicated connection and hands every event to `onEvent` — or only those of
 * `types`: a payload holding none of them is skipped without being parsed (the monitor, which wants
 * task changes only, is not made to read back every decision it published). Reconnects after a lost
 * connection for as long as it takes; events published meanwhile are missed, and `onReconnect` says
 * when to catch up with them (see `listenChannel`).
 */
export function listenEvents(
  url: string,
  onEvent: (event: AppEvent) => void,
  onError: (error: Error) => void = () => {},
  options: { types?: readonly AppEvent["type"][] } & Pick<ListenOptions, "onReconnect"> = {},
): Promise<{ close(): Promise<void> }> {
  const types = options.types;
  const markers = types?.map(markerOf);
  return listenChannel(
    url,
    EVENTS_CHANNEL,
    (payload) => {
      if (markers && !markers.some((m) => payload.includes(m))) return;
      for (const event of unpackPayload(payload)) {
        if (types && !types.includes(event.type)) continue;
        try {
          onEvent(event);
        } catch (error) {
          onError(error as Error);
        }
      }
    },
    onError,
    options,
  );
}
