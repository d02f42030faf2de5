import { type Db, listenEvents } from "@slotpilot/db";
import type { Logger } from "@slotpilot/observability";
import type { TelegramNotifier } from "../telegram-notifier.ts";
import { OutboxNotifier } from "./outbox-notifier.ts";

export interface NotifierDeps {
  db: Db;
  /** With it, an alert decision published by the monitor wakes the notifier at once instead of at the next poll. */
  databaseUrl?: string;
  telegram: TelegramNotifier;
  log: Logger;
  publicUrl: string;
  /** The WB seller portal: alerts link to the supply there. */
  wbPortalUrl?: string | undefined;
}

/** Starts draining the notifications outbox; `stop()` lets the sends in flight finish first. */
export async function runNotifier(deps: NotifierDeps): Promise<{ stop(): Promise<void> }> {
  const notifier = new OutboxNotifier({
    db: deps.db,
    telegram: deps.telegram,
    log: deps.log,
    publicUrl: deps.publicUrl,
    wbPortalUrl: deps.wbPortalUrl,
  });
  // An alert decision from the monitor means an alert row was just enqueued. If the event ever
  // arrives before the row is committed, or is missed, the poll picks the row up a second later.
  const listener = deps.databaseUrl
    ? await listenEvents(
        deps.databaseUrl,
        (event) => {
          if (event.type === "task.decision" && event.action === "alert") notifier.wake();
          // A session given up on queues a notice in the same transaction.
          if (event.type === "portal.session" && event.state === "ERROR") notifier.wake();
        },
        (err) => deps.log.warn("notifier: event listener error", { err }),
        // Both types the handler reacts to (the session notice's wake used to be filtered out here,
        // leaving it to the poll); back after a lost connection, a look at once for what it missed.
        { types: ["task.decision", "portal.session"], onReconnect: () => notifier.wake() },
      )
    : undefined;
  notifier.start();
  return {
    stop: async () => {
      await listener?.close();
      await notifier.stop();
    },
  };
}
