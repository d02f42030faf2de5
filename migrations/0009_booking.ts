import { type Kysely, sql } from "kysely";

/**
 * The booking engine.
 *
 * - A task's life gains `booking` (a booking in flight: matching gives it no more decisions), in
 *   the status check and in the one-live-task-per-supply index. A task also carries its dry-run
 *   switch and an optional cap on the acceptance cost in rubles (besides the coefficient cap).
 * - `bookings`: the durable hand-off from the monitor to the booker and the booking's record. A
 *   row is written in the transaction that stores the `book` decision (one per task and opening),
 *   claimed by the worker that holds the cabinet's portal lease (`worker_id`, `lease_epoch`: a
 *   takeover fences the dead worker's late writes), marked with its intent (`intent_at`) before
 *   the portal is touched, and finished as `confirmed` (read back as planned), `missed` (the task
 *   hunts on), `failed` (permanent) or `dry_run`. At most one booking in flight per task.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table booking_tasks drop constraint booking_tasks_status_check`.execute(db);
  await sql`alter table booking_tasks add constraint booking_tasks_status_check
            check (status in ('active', 'booking', 'paused', 'booked', 'expired', 'failed'))`.execute(db);
  await sql`drop index booking_tasks_live_supply_key`.execute(db);
  await sql`create unique index booking_tasks_live_supply_key on booking_tasks (cabinet_id, supply_kind, supply_id)
            where status in ('active', 'booking', 'paused')`.execute(db);
  await db.schema
    .alterTable("booking_tasks")
    .addColumn("dry_run", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("max_cost_rub", "integer", (c) => c.check(sql`max_cost_rub between 0 and 10000000`))
    .execute();

  await db.schema
    .createTable("bookings")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("task_id", "bigint", (c) => c.notNull().references("booking_tasks.id").onDelete("cascade"))
    .addColumn("organization_id", "bigint", (c) => c.notNull())
    .addColumn("cabinet_id", "bigint", (c) => c.notNull())
    .addColumn("decision_id", "bigint")
    .addColumn("opening", "text", (c) => c.notNull())
    .addColumn("warehouse_id", "integer", (c) => c.notNull())
    .addColumn("date", "date", (c) => c.notNull())
    .addColumn("box_type_id", "smallint", (c) => c.notNull())
    .addColumn("coefficient", "smallint", (c) => c.notNull())
    .addColumn("priority", "integer", (c) => c.notNull())
    .addColumn("status", "text", (c) =>
      c
        .notNull()
        .defaultTo("pending")
        .check(sql`status in ('pending', 'attempting', 'confirmed', 'missed', 'failed', 'dry_run')`),
    )
    // A stable error code (`booking.*`, `portal.*`): worded in the reader's language.
    .addColumn("reason", "text")
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("worker_id", "text")
    .addColumn("lease_epoch", "integer")
    .addColumn("strategy", "text", (c) => c.check(sql`strategy in ('rpc', 'ui')`))
    .addColumn("intent_at", "timestamptz")
    .addColumn("supply_id", "bigint")
    .addColumn("acceptance_cost", sql`numeric(12, 2)`)
    // A picture of the portal page when a booking failed: no session material is ever in it.
    .addColumn("screenshot", "bytea")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("finished_at", "timestamptz")
    .addUniqueConstraint("bookings_task_opening_key", ["task_id", "opening"])
    .execute();
  // One booking in flight per task, whoever writes it.
  await sql`create unique index bookings_in_flight_key on bookings (task_id) where status in ('pending', 'attempting')`.execute(
    db,
  );
  await sql`create index bookings_open_idx on bookings (cabinet_id, priority, id) where status in ('pending', 'attempting')`.execute(
    db,
  );
  await db.schema.createIndex("bookings_task_idx").on("bookings").columns(["task_id", "created_at"]).execute();
}
