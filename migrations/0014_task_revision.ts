import { type Kysely, sql } from "kysely";

/**
 * A booking task's revision: bumped by the database whenever a column the slot monitor matches on
 * changes, never by a change of status alone. A `task.updated` event that carries it lets the
 * monitor tell "the booking ended, the task hunts again as it was" (same revision: its copy of the
 * task is still right) from "the task was edited meanwhile" (re-read it) without reading the row.
 * A trigger rather than each writer: no edit path can forget it. The `when` clause is evaluated
 * without calling the function, so a status-only update (the monitor's hand-off, a booking's end)
 * costs a comparison of the row's matching columns.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("booking_tasks")
    .addColumn("revision", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`create function booking_tasks_revise() returns trigger language plpgsql as $$
              begin new.revision := old.revision + 1; return new; end $$`.execute(db);
  // The columns the monitor's task listing reads (packages/db/src/monitor-inputs.ts), but status.
  await sql`create trigger booking_tasks_revise before update on booking_tasks for each row
            when ((old.organization_id, old.cabinet_id, old.supply_kind, old.supply_id, old.warehouse_ids,
                   old.box_type_id, old.date_from, old.date_to, old.skip_dates, old.max_coefficient, old.deadline,
                   old.mode, old.flap_guard, old.planned_warehouse_id, old.planned_date, old.planned_coefficient)
                  is distinct from
                  (new.organization_id, new.cabinet_id, new.supply_kind, new.supply_id, new.warehouse_ids,
                   new.box_type_id, new.date_from, new.date_to, new.skip_dates, new.max_coefficient, new.deadline,
                   new.mode, new.flap_guard, new.planned_warehouse_id, new.planned_date, new.planned_coefficient))
            execute function booking_tasks_revise()`.execute(db);
}
