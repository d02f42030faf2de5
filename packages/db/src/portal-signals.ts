import { sql, type Transaction } from "kysely";
import type { Db } from "./connect.ts";
import { listenChannel } from "./listen.ts";
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
export function listenPortalSignals(
  url: string,
  onSignal: (cabinetId: number) => void,
  onError: (error: Error) => void = () => {},
): Promise<{ close(): Promise<void> }> {
  return listenChannel(
    url,
    PORTAL_CHANNEL,
    (payload) => {
      const id = Number(payload);
      if (Number.isInteger(id)) onSignal(id);
    },
    onError,
  );
}
