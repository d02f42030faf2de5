import pg from "pg";
import { clientOptions } from "./connect.ts";

export interface SingletonLock {
  /**
   * Takes the lock if nobody holds it; true while this process holds it, false while another one
   * does. Rejects when the database cannot be asked (unreachable, the query failed): that is not
   * "someone else is working", and the caller should say so and try again soon.
   */
  acquire(): Promise<boolean>;
  /** True while the lock is held. False once its connection is lost: the holder must stop and acquire again. */
  held(): boolean;
  release(): Promise<void>;
}

/** How often the lock's connection is checked: a silent network or a frozen server is noticed within this. */
const CHECK_EVERY_MS = 5_000;

/**
 * A PostgreSQL session advisory lock named `name`, held on a dedicated connection for as long as
 * this process keeps it. When the process dies its connection closes and the lock frees itself, so
 * a standby takes over. When only the connection is lost (the backend terminated, a restart, a
 * failover) the server frees the lock too: `held()` turns false at once, `onLost` is told, and the
 * holder stands down until `acquire()` succeeds again — never two holders working at once for long.
 */
export function singletonLock(
  url: string,
  name: string,
  options: { onLost?: (error: Error) => void } = {},
): SingletonLock {
  let client: pg.Client | undefined;
  let check: NodeJS.Timeout | undefined;

  const drop = (error: Error) => {
    const lost = client;
    if (!lost) return;
    client = undefined;
    clearInterval(check);
    void lost.end().catch(() => {});
    options.onLost?.(error);
  };

  return {
    async acquire() {
      if (client) return true;
      const next = new pg.Client(clientOptions(url));
      next.on("error", (error) => {
        if (client === next) drop(error);
      });
      next.on("end", () => {
        if (client === next) drop(new Error("lock connection ended"));
      });
      try {
        await next.connect();
      } catch (error) {
        void next.end().catch(() => {});
        throw error;
      }
      try {
        const { rows } = await next.query<{ locked: boolean }>("select pg_try_advisory_lock(hashtext($1)) as locked", [
          name,
        ]);
        if (rows[0]?.locked !== true) {
          await next.end().catch(() => {});
          return false;
        }
      } catch (error) {
        await next.end().catch(() => {});
        throw error;
      }
      client = next;
      // One check at a time: a frozen server leaves a check waiting (until the query timeout drops
      // the connection), and another query on the busy client would only queue behind it.
      let checking = false;
      check = setInterval(() => {
        if (checking) return;
        checking = true;
        next
          .query("select 1")
          .catch((error: Error) => {
            if (client === next) drop(error);
          })
          .finally(() => {
            checking = false;
          });
      }, CHECK_EVERY_MS);
      check.unref();
      return true;
    },

    held: () => client !== undefined,

    async release() {
      const current = client;
      client = undefined;
      clearInterval(check);
      if (!current) return;
      // Ending the session frees its advisory locks; no explicit unlock is needed.
      await current.end().catch(() => {});
    },
  };
}
