import { sql } from "kysely";
import type { Db } from "./connect.ts";

/** A cabinet a worker holds; `epoch` fences its writes (it grows on every takeover). */
export interface PortalLease {
  cabinetId: number;
  epoch: number;
}

const LIVE_STATES = sql`('INITIALIZING', 'WAITING_AUTH', 'ACTIVE')`;

/**
 * Takes up to `limit` cabinets whose session wants a browser and that nobody holds (no lease, or
 * a lease its worker stopped renewing). Logins go first: a seller is waiting for those. Two
 * workers never get the same cabinet: the candidate rows are locked (`skip locked`), and an
 * existing lease is only overwritten while it is expired, which the row lock re-checks.
 */
export async function acquirePortalLeases(
  db: Db,
  input: { workerId: string; ttlMs: number; limit: number },
): Promise<PortalLease[]> {
  if (input.limit <= 0) return [];
  const { rows } = await sql<{ cabinet_id: number; epoch: number }>`
    with wanted as (
      select s.cabinet_id, s.state
        from portal_sessions s
        left join portal_leases l on l.cabinet_id = s.cabinet_id
       where s.state in ${LIVE_STATES}
         and (l.cabinet_id is null or l.lease_until < now())
       order by (s.state = 'ACTIVE'), s.updated_at
       limit ${input.limit}
         for update of s skip locked
    )
    insert into portal_leases (cabinet_id, worker_id, lease_until)
    select cabinet_id, ${input.workerId}, now() + ${input.ttlMs} * interval '1 millisecond' from wanted
    on conflict (cabinet_id) do update
       set worker_id = excluded.worker_id, lease_until = excluded.lease_until,
           epoch = portal_leases.epoch + 1, acquired_at = now()
     where portal_leases.lease_until < now()
    returning cabinet_id, epoch`.execute(db);
  return rows.map((r) => ({ cabinetId: r.cabinet_id, epoch: r.epoch }));
}

/**
 * The heartbeat: extends every lease this worker still holds and returns them. A cabinet missing
 * from the answer was taken over (the worker stalled past its lease): the caller lets it go.
 */
export async function renewPortalLeases(db: Db, input: { workerId: string; ttlMs: number }): Promise<PortalLease[]> {
  const { rows } = await sql<{ cabinet_id: number; epoch: number }>`
    update portal_leases set lease_until = now() + ${input.ttlMs} * interval '1 millisecond'
     where worker_id = ${input.workerId}
    returning cabinet_id, epoch`.execute(db);
  return rows.map((r) => ({ cabinetId: r.cabinet_id, epoch: r.epoch }));
}

/** Lets one cabinet go (its session stopped, or this worker is shutting down). */
export async function releasePortalLease(db: Db, input: { workerId: string; lease: PortalLease }): Promise<void> {
  await db
    .deleteFrom("portal_leases")
    .where("cabinet_id", "=", input.lease.cabinetId)
    .where("worker_id", "=", input.workerId)
    .where("epoch", "=", input.lease.epoch)
    .execute();
}

export interface PortalWorkerBeat {
  id: string;
  host: string;
  pid: number;
  capacity: number;
  held: number;
  memoryMb: number | null;
}

/** Records that this worker is alive (admin status); forgets workers silent for a day. */
export async function beatPortalWorker(db: Db, beat: PortalWorkerBeat): Promise<void> {
  const values = {
    host: beat.host,
    pid: beat.pid,
    capacity: beat.capacity,
    held: beat.held,
    memory_mb: beat.memoryMb,
    heartbeat_at: sql<Date>`now()`,
  };
  await db
    .insertInto("portal_workers")
    .values({ id: beat.id, ...values })
    .onConflict((oc) => oc.column("id").doUpdateSet(values))
    .execute();
  await db.deleteFrom("portal_workers").where("heartbeat_at", "<", sql<Date>`now() - interval '1 day'`).execute();
}

export async function forgetPortalWorker(db: Db, workerId: string): Promise<void> {
  await db.deleteFrom("portal_leases").where("worker_id", "=", workerId).execute();
  await db.deleteFrom("portal_workers").where("id", "=", workerId).execute();
}

/**
 * The logged-in portal sessions (`ACTIVE`) and how many of them no worker holds at `now` (no lease
 * running): a booking for such a cabinet waits until a worker takes it — after a worker died, for
 * up to the lease's time to live. For `/readyz`.
 */
export async function portalHolding(db: Db, now: Date): Promise<{ active: number; unheld: number }> {
  const row = await db
    .selectFrom("portal_sessions as s")
    .where("s.state", "=", "ACTIVE")
    .select((eb) => [
      eb.fn.countAll<number>().as("active"),
      sql<number>`count(*) filter (where not exists (
        select 1 from portal_leases l where l.cabinet_id = s.cabinet_id and l.lease_until > ${now}))`.as("unheld"),
    ])
    .executeTakeFirstOrThrow();
  return { active: Number(row.active), unheld: Number(row.unheld) };
}
