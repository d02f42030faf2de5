import { sql } from "kysely";
import type { Db } from "./connect.ts";

export interface SingletonLock {
  /** Takes the lock if nobody holds it; true while this process holds it. */
  acquire(): Promise<boolean>;
  release(): Promise<void>;
}

/**
 * A PostgreSQL session advisory lock named `name`, held on one pooled connection for as long as
 * this process keeps it: when the process dies its connection closes and the lock frees itself,
 * so a standby takes over. (If only the connection drops while the process lives, the lock is lost
 * silently; the cost is two instances for a while, not a wrong result.)
 */
export function singletonLock(db: Db, name: string): SingletonLock {
  let held: { release: () => void; done: Promise<void> } | undefined;

  return {
    async acquire() {
      if (held) return true;
      let release = () => {};
      const until = new Promise<void>((resolve) => {
        release = resolve;
      });
      let answered: (locked: boolean) => void = () => {};
      const locked = new Promise<boolean>((resolve) => {
        answered = resolve;
      });
      const done = db
        .connection()
        .execute(async (conn) => {
          const { rows } = await sql<{
            locked: boolean;
          }>`select pg_try_advisory_lock(hashtext(${name})) as locked`.execute(conn);
          const ok = rows[0]?.locked === true;
          answered(ok);
          if (!ok) return;
          await until;
          await sql`select pg_advisory_unlock(hashtext(${name}))`.execute(conn);
        })
        .catch(() => answered(false));
      if (!(await locked)) return false;
      held = { release, done };
      return true;
    },

    async release() {
      const current = held;
      held = undefined;
      if (!current) return;
      current.release();
      await current.done;
    },
  };
}
