import { type AppEvent, listenEvents } from "@slotpilot/db";
import type { Logger } from "@slotpilot/observability";

export type EventListener = (event: AppEvent) => void;

/**
 * One LISTEN connection per API process, fanned out to every connected SSE client: a hundred open
 * Mini Apps cost one database connection, not a hundred.
 */
export interface EventHub {
  /**
   * Adds a listener. Resolves once the hub is listening, so nothing published after it resolves is
   * missed; rejects when the database cannot be reached. `onClose` runs when the hub shuts down;
   * `onGap` when its connection to the database was lost and is back — events published in between
   * were missed, so the subscriber should reload what it shows. Returns the unsubscribe function.
   */
  subscribe(listener: EventListener, onClose?: () => void, onGap?: () => void): Promise<() => void>;
  /** How many subscribers are connected (for metrics and tests). */
  subscriberCount(): number;
  /** Stops listening and ends every subscription. */
  close(): Promise<void>;
}

/** A hub on `databaseUrl`. It connects on the first subscription, so an API nobody streams from holds no extra connection. */
export function createEventHub(databaseUrl: string, log: Logger): EventHub {
  const subscribers = new Map<EventListener, { onClose?: () => void; onGap?: () => void }>();
  let listening: Promise<{ close(): Promise<void> }> | undefined;
  let closed = false;

  const fanOut = (event: AppEvent) => {
    for (const listener of subscribers.keys()) {
      try {
        listener(event);
      } catch (err) {
        log.warn("event subscriber failed", { err });
      }
    }
  };

  return {
    subscribe: async (listener, onClose, onGap) => {
      if (closed) throw new Error("event hub closed");
      listening ??= listenEvents(databaseUrl, fanOut, (err) => log.warn("event listener error", { err }), {
        onReconnect: () => {
          log.info("event hub: listening again; telling streams to reload");
          for (const { onGap } of subscribers.values()) onGap?.();
        },
      });
      try {
        await listening;
      } catch (err) {
        // Let the next subscriber try again rather than inherit a failure forever.
        listening = undefined;
        throw err;
      }
      if (closed) throw new Error("event hub closed");
      subscribers.set(listener, { ...(onClose ? { onClose } : {}), ...(onGap ? { onGap } : {}) });
      return () => {
        subscribers.delete(listener);
      };
    },
    subscriberCount: () => subscribers.size,
    close: async () => {
      closed = true;
      const ends = [...subscribers.values()];
      subscribers.clear();
      for (const { onClose } of ends) onClose?.();
      const current = listening;
      listening = undefined;
      await current?.then((l) => l.close()).catch(() => {});
    },
  };
}
