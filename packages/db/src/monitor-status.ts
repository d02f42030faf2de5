import type { Db } from "./connect.ts";
import type { MonitorStatusTable } from "./schema.ts";

export type MonitorStatus = Omit<MonitorStatusTable, "id">;

/**
 * What `/readyz` says about the monitor. `starting`: it has not read yet, but started less than
 * `MONITOR_STALE_MS` ago. `no_usable_token`: idle by design, nothing to read with. `stale`: it has
 * something to read with but no read has worked for `MONITOR_STALE_MS`. `unknown`: the status row
 * could not be read (the database is away or did not answer in time).
 */
export type MonitorCheck = "ok" | "starting" | "no_usable_token" | "stale" | "not_running" | "unknown";

/** The checks that make the service `degraded`: the monitor should read and cannot, or cannot be asked. */
export function monitorDegrades(check: MonitorCheck): boolean {
  return check === "stale" || check === "unknown";
}

/** No heartbeat for this long: the monitor's process is gone (it beats at least every few seconds). */
export const MONITOR_HEARTBEAT_MS = 60_000;
/** No successful read for this long although tokens exist: WB refuses or is off. */
export const MONITOR_STALE_MS = 60_000;

export async function writeMonitorStatus(db: Db, status: MonitorStatus): Promise<void> {
  await db
    .insertInto("monitor_status")
    .values({ id: 1, ...status })
    .onConflict((oc) => oc.column("id").doUpdateSet(status))
    .execute();
}

export async function readMonitorStatus(db: Db): Promise<MonitorStatus | undefined> {
  const row = await db.selectFrom("monitor_status").selectAll().where("id", "=", 1).executeTakeFirst();
  if (!row) return undefined;
  const { id: _id, ...status } = row;
  return status;
}

/** Reads the status row as a verdict; `now` is the reader's clock. */
export function monitorCheck(status: MonitorStatus | undefined, now: Date): MonitorCheck {
  if (!status || now.getTime() - status.heartbeat_at.getTime() > MONITOR_HEARTBEAT_MS) return "not_running";
  if (status.usable_accounts === 0) return "no_usable_token";
  if (!status.last_read_at) {
    return now.getTime() - status.started_at.getTime() > MONITOR_STALE_MS ? "stale" : "starting";
  }
  if (now.getTime() - status.last_read_at.getTime() > MONITOR_STALE_MS) return "stale";
  return "ok";
}
