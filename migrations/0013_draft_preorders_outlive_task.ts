import { type Kysely, sql } from "kysely";

/**
 * A draft task's preorders made ahead of time outlive the task: deleting the task used to delete
 * their rows with it (`on delete cascade`) and leave the preorders in the seller's cabinet, with
 * nothing left to remove them. Now the row keeps its draft and loses only its task (`set null`),
 * and a preorder whose task is gone is removed from the portal like one whose task expired.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("booking_preorders").addColumn("draft_id", "text").execute();
  await sql`update booking_preorders p set draft_id = t.supply_id from booking_tasks t where t.id = p.task_id`.execute(
    db,
  );
  await sql`alter table booking_preorders alter column draft_id set not null`.execute(db);
  await sql`alter table booking_preorders alter column task_id drop not null`.execute(db);
  await sql`alter table booking_preorders drop constraint booking_preorders_task_id_fkey`.execute(db);
  await sql`alter table booking_preorders add constraint booking_preorders_task_id_fkey
            foreign key (task_id) references booking_tasks (id) on delete set null`.execute(db);
}
