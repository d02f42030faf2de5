import { type Kysely, sql } from "kysely";

/**
 * The booking engine's remaining parts.
 *
 * Re-plan: a task may ask (`replan`) that, once booked at a paid coefficient, it keeps watching and
 * moves the supply (`plan/update`) to a cheaper or earlier day at the same warehouse inside its
 * window. Its life gains `watching` (booked, still looking) and `moving` (a move in flight); both
 * keep the supply's task live (the one-live-task-per-supply index). The task remembers where WB has
 * the supply planned now (`planned_*`, written with each confirmed booking or move): matching
 * compares cells against it, and the move names WB's supply id. A booking row says whether it plans
 * a preorder or moves a planned supply (`kind`): a move is never charged against the allowance.
 *
 * Drafts: `booking_preorders` holds the preorders made ahead of time from a draft task's draft, one
 * per ranked warehouse, so booking a cell at warehouse W is one `plan/add` of W's preorder. A row is
 * written (`creating`, no preorder yet) before `supply/create` is sent, so a crash between the two
 * is found and the preorder adopted from the cabinet's listing rather than made twice; `ready` has
 * its preorder; after a confirmed booking the one used is `used` and the others `removing` until
 * the portal removed them (`removed`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table booking_tasks drop constraint booking_tasks_status_check`.execute(db);
  await sql`alter table booking_tasks add constraint booking_tasks_status_check
            check (status in ('active', 'booking', 'paused', 'booked', 'watching', 'moving', 'expired', 'failed'))`.execute(
    db,
  );
  await sql`drop index booking_tasks_live_supply_key`.execute(db);
  await sql`create unique index booking_tasks_live_supply_key on booking_tasks (cabinet_id, supply_kind, supply_id)
            where status in ('active', 'booking', 'paused', 'watching', 'moving')`.execute(db);
  await db.schema
    .alterTable("booking_tasks")
    .addColumn("replan", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("planned_supply_id", "bigint")
    .addColumn("planned_warehouse_id", "integer")
    .addColumn("planned_date", "date")
    .addColumn("planned_coefficient", "smallint")
    .execute();
  await db.schema
    .alterTable("bookings")
    .addColumn("kind", "text", (c) => c.notNull().defaultTo("plan").check(sql`kind in ('plan', 'replan')`))
    .execute();

  await db.schema
    .createTable("booking_preorders")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("task_id", "bigint", (c) => c.notNull().references("booking_tasks.id").onDelete("cascade"))
    .addColumn("cabinet_id", "bigint", (c) => c.notNull())
    .addColumn("warehouse_id", "integer", (c) => c.notNull())
    .addColumn("preorder_id", "bigint")
    .addColumn("status", "text", (c) =>
      c.notNull().defaultTo("creating").check(sql`status in ('creating', 'ready', 'used', 'removing', 'removed')`),
    )
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("booking_preorders_task_warehouse_key", ["task_id", "warehouse_id"])
    .execute();
  await sql`create index booking_preorders_open_idx on booking_preorders (cabinet_id) where status in ('creating', 'removing')`.execute(
    db,
  );
}
