import { type Kysely, sql } from "kysely";

/**
 * The monitor's decisions, written before anything else a read stores: the durable hand-off from
 * the monitor to whoever acts on a decision. Alerts are queued from them in the same transaction;
 * the booking engine claims the `book` rows. One row per task and opening, so a read repeated after
 * a crash writes nothing twice. Also an index the monitor's task catch-up needs at scale.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("slot_decisions")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    // No foreign key: PostgreSQL checks one row by row, which costs more than the rest of a read
    // that makes hundreds of decisions. Rows are written only for tasks that exist and are active
    // (recordSlotDecisions joins them); whoever acts on a row reads its task anyway; the daily
    // prune drops rows whose day has passed, with the task or without it.
    .addColumn("task_id", "bigint", (c) => c.notNull())
    .addColumn("organization_id", "bigint", (c) => c.notNull())
    .addColumn("cabinet_id", "bigint", (c) => c.notNull())
    // Names the opening of the cell (see `Decision.opening` in the domain).
    .addColumn("opening", "text", (c) => c.notNull())
    .addColumn("action", "text", (c) => c.notNull().check(sql`action in ('book', 'alert')`))
    .addColumn("warehouse_id", "integer", (c) => c.notNull())
    .addColumn("date", "date", (c) => c.notNull())
    .addColumn("box_type_id", "smallint", (c) => c.notNull())
    .addColumn("coefficient", "smallint", (c) => c.notNull())
    // 0 is the most urgent among the decisions of one read.
    .addColumn("priority", "integer", (c) => c.notNull())
    .addColumn("decided_at", "timestamptz", (c) => c.notNull())
    .addUniqueConstraint("slot_decisions_task_opening_key", ["task_id", "opening"])
    .execute();
  // The daily prune drops decisions about days that have passed.
  await db.schema.createIndex("slot_decisions_date_idx").on("slot_decisions").column("date").execute();
  // The monitor catches up with changed tasks by `updated_at` between reads (every 30 s, and after
  // each task event): with tens of thousands of tasks that must not be a full scan.
  await db.schema.createIndex("booking_tasks_updated_idx").on("booking_tasks").column("updated_at").execute();
}
