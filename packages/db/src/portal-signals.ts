import { sql, type Transaction } from "kysely";
import pg from "pg";
import type { Db } from "./connect.ts";
import type { Database } from "./schema.ts";

/**
 * Wake-up calls for the workers that hold portal sessions, on a channel of their own (the seller's
 * SSE stream never sees them): "cabinet N has news" — a login was started, an SMS code arrived, a
 * call waits. Only a hint: workers also look on a timer, so a missed signal costs latency, not work.
 */
export const PORTAL_CHANNEL = "slotpilot_portal";

export async function signalPortal(db: Db | Transaction<Database>, cabinetId: number): Promise<void> {
  await sql`select pg_notify(${PORTAL_CHANNEL}, ${String(cabinetId)})`.execute(db);
}

/** Listens on a dedicated connection; reconnects after a lost connection. */
export async function listenPortalSignals(
  url: string,
  onSignal: (cabinetId: number) => void,
  onError: (error: Error) => void = () => {},
): Promise<{ close(): Promise<void> }> {
  let client: pg.Client | undefined;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  const connect = async () => {
    const next = new pg.Client({ connectionString: url });
    next.on("notification", (message) => {
      const id = Number(message.payload);
      if (message.channel === PORTAL_CHANNEL && Number.isInteger(id)) onSignal(id);
    });
    next.on("error", (error) => {
      onError(error);
      void next.end().catch(() => {});
      if (!closed) retry = setTimeout(() => void connect().catch(onError), 1000);
    });
    await next.connect();
    await next.query(`listen ${PORTAL_CHANNEL}`);
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
