import pg from "pg";
import { clientOptions } from "./connect.ts";

export interface ListenOptions {
  /**
   * The connection was lost and is listening again: notifications sent in between were missed
   * (PostgreSQL keeps none for a listener that is gone), so a listener that needs the full state
   * catches up now. Not called for the first connection.
   */
  onReconnect?: () => void;
  /** The first wait before connecting again; doubles on each failure, up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
}

/**
 * LISTEN on one channel over a dedicated connection, handing every payload to `onPayload`. The
 * first connection must succeed (the caller learns at once that the database is not there). After
 * that a lost connection is retried for as long as it takes — a database down for minutes must
 * not leave the listener deaf once it is back — and `onReconnect` says when it listens again.
 * While connected, nothing is missed: PostgreSQL delivers every committed NOTIFY to every listening
 * session.
 */
export async function listenChannel(
  url: string,
  channel: string,
  onPayload: (payload: string) => void,
  onError: (error: Error) => void = () => {},
  options: ListenOptions = {},
): Promise<{ close(): Promise<void> }> {
  const firstRetryMs = options.retryMs ?? 1_000;
  const maxRetryMs = options.maxRetryMs ?? 10_000;
  let client: pg.Client | undefined;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  let waitMs = firstRetryMs;

  const connect = async (): Promise<pg.Client> => {
    const next = new pg.Client(clientOptions(url));
    let listening = false;
    next.on("notification", (message) => {
      if (message.channel !== channel || !message.payload) return;
      try {
        onPayload(message.payload);
      } catch (error) {
        onError(error as Error);
      }
    });
    // Registered before connecting (an 'error' with no listener would throw), acted on only once the
    // connection listens: an attempt that fails rejects below, and its caller decides what is next.
    next.on("error", (error) => {
      if (!listening) return;
      onError(error);
      void next.end().catch(() => {});
      if (client === next) client = undefined;
      reconnectLater();
    });
    try {
      await next.connect();
      await next.query(`listen ${channel}`);
    } catch (error) {
      void next.end().catch(() => {});
      throw error;
    }
    listening = true;
    return next;
  };

  const reconnectLater = () => {
    if (closed || retry !== undefined) return;
    retry = setTimeout(() => {
      retry = undefined;
      connect().then(
        (next) => {
          if (closed) {
            void next.end().catch(() => {});
            return;
          }
          client = next;
          waitMs = firstRetryMs;
          options.onReconnect?.();
        },
        (error: unknown) => {
          onError(error as Error);
          waitMs = Math.min(waitMs * 2, maxRetryMs);
          reconnectLater();
        },
      );
    }, waitMs);
  };

  client = await connect();
  return {
    close: async () => {
      closed = true;
      clearTimeout(retry);
      await client?.end().catch(() => {});
    },
  };
}
