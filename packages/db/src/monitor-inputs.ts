import type { Db } from "./connect.ts";

/** Cabinets whose Personal token the seller lent to the shared monitor. */
export async function listMonitorCabinets(db: Db) {
  return (
    db
      .selectFrom("cabinets")
      .select(["id", "organization_id", "wb_account_id", "token_sealed", "token_fingerprint"])
      .where("monitor_opt_in", "=", true)
      .where("token_type", "=", "personal")
      // The token columns are all set or all null (migration 0007): a Personal token means a sealed one.
      .$narrowType<{ token_sealed: Buffer; token_fingerprint: string }>()
      .orderBy("id")
      .execute()
  );
}

export type MonitorCabinet = Awaited<ReturnType<typeof listMonitorCabinets>>[number];

const TASK_COLUMNS = [
  "id",
  "organization_id",
  "cabinet_id",
  "supply_kind",
  "supply_id",
  "warehouse_ids",
  "box_type_id",
  "date_from",
  "date_to",
  "skip_dates",
  "max_coefficient",
  "deadline",
  "mode",
  "flap_guard",
  "status",
  "created_at",
  "updated_at",
] as const;

/**
 * Tasks for matching: every active one, or — with `changedSince` — every task touched since then
 * whatever its status, so the caller can drop the ones that stopped being active.
 */
export async function listTasksForMatching(db: Db, options: { changedSince?: Date } = {}) {
  let query = db.selectFrom("booking_tasks").select(TASK_COLUMNS);
  if (options.changedSince) query = query.where("updated_at", ">=", options.changedSince);
  else query = query.where("status", "=", "active");
  return query.orderBy("id").execute();
}

export type TaskForMatching = Awaited<ReturnType<typeof listTasksForMatching>>[number];
