import { MATCHED_STATES } from "@slotpilot/domain";
import { sql } from "kysely";
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
  "t.id",
  "t.organization_id",
  "t.cabinet_id",
  "t.supply_kind",
  "t.supply_id",
  "t.warehouse_ids",
  "t.box_type_id",
  "t.date_from",
  "t.date_to",
  "t.skip_dates",
  "t.max_coefficient",
  "t.deadline",
  "t.mode",
  "t.flap_guard",
  "t.status",
  "t.created_at",
  "t.updated_at",
  // Re-plan: where the supply is planned now (a watching task wants only better cells).
  "t.planned_warehouse_id",
  "t.planned_date",
  "t.planned_coefficient",
  // What the monitor compares an event's revision with (migration 0014).
  "t.revision",
  // The organization's plan, for its priority tier (the domain's `tierOf` reads these three).
  "ps.plan",
  "ps.period_end",
  "ps.renews",
] as const;

/**
 * Tasks for matching: every active one (and every one with a booking in flight: matching must know
 * to give it nothing); with `changedSince`, every task touched since then whatever its status; with
 * `ids`, those tasks by primary key whatever their status (so the caller can drop the ones that
 * stopped being active, and a task missing from the answer was deleted). Each with its
 * organization's plan (none: the row's plan columns are null).
 */
export async function listTasksForMatching(
  db: Db,
  options: { changedSince?: Date; ids?: readonly number[]; page?: { afterId: number; size: number } } = {},
) {
  let query = db
    .selectFrom("booking_tasks as t")
    .leftJoin("plan_states as ps", "ps.organization_id", "t.organization_id")
    .select(TASK_COLUMNS);
  if (options.ids) query = query.where("t.id", "=", sql<number>`any(${[...options.ids]}::bigint[])`);
  else if (options.changedSince) query = query.where("t.updated_at", ">=", options.changedSince);
  else query = query.where("t.status", "in", [...MATCHED_STATES]);
  // A page of the listing, by id: the next one starts after the last id this one gave.
  if (options.page) query = query.where("t.id", ">", options.page.afterId).limit(options.page.size);
  return query.orderBy("t.id").execute();
}

export type TaskForMatching = Awaited<ReturnType<typeof listTasksForMatching>>[number];
