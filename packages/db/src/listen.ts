import pg from "pg";
import { clientOptions } from "./connect.ts";

/**
 * LISTEN on one channel over a dedicated connection, handing every payload to `onPayload`.
 * Reconnects after a lost connection (notifications sent meanwhile are missed: listeners that need
 * the full state reload it).
 */
export async function listenChannel(
  url: string,
  channel: string,
  onPayload: (payload: string) => void,
  onError: (error: Error) => void = () => {},
): Promise<{ close(): Promise<void> }> {
  let client: pg.Client | undefined;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  const connect = async () => {
    const next = new pg.Client(clientOptions(url));
    next.on("notification", (message) => {
      if (message.channel !== channel || !message.payload) return;
      try {
        onPayload(message.payload);
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
    await next.query(`listen ${channel}`);
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
