import { type Kysely, sql } from "kysely";

/**
 * WB cabinets (encrypted tokens), booking tasks, the slot calendar with its change history, and
 * the notifications outbox.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("warehouses")
    .addColumn("id", "integer", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("is_sorting_center", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("cabinets")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("organization_id", "bigint", (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    // The WB seller account behind the token: WB's rate limits are per account.
    .addColumn("wb_account_id", "bigint")
    .addColumn("token_sealed", "bytea", (c) => c.notNull())
    // sha-256 of the token: finds a duplicate without decrypting anything.
    .addColumn("token_fingerprint", "text", (c) => c.notNull())
    .addColumn("token_type", "text", (c) => c.notNull().check(sql`token_type in ('personal', 'basic')`))
    // The seller agreed that the shared monitor may spend this token's feed budget.
    .addColumn("monitor_opt_in", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint("cabinets_org_name_key", ["organization_id", "name"])
    .addUniqueConstraint("cabinets_org_token_key", ["organization_id", "token_fingerprint"])
    .execute();

  await db.schema
    .createTable("booking_tasks")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("organization_id", "bigint", (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    .addColumn("cabinet_id", "bigint", (c) => c.notNull().references("cabinets.id").onDelete("cascade"))
    .addColumn("supply_kind", "text", (c) => c.notNull().check(sql`supply_kind in ('preorder', 'draft')`))
    .addColumn("supply_id", "text", (c) => c.notNull())
    // Ranked: a preorder has exactly its own warehouse, a draft one or more candidates.
    .addColumn("warehouse_ids", sql`integer[]`, (c) =>
      c.notNull().check(sql`cardinality(warehouse_ids) between 1 and 20`),
    )
    .addColumn("box_type_id", "smallint", (c) => c.notNull().check(sql`box_type_id in (0, 2, 5, 6)`))
    .addColumn("date_from", "date", (c) => c.notNull())
    .addColumn("date_to", "date", (c) => c.notNull())
    .addColumn("skip_dates", sql`date[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn("max_coefficient", "smallint", (c) => c.notNull().check(sql`max_coefficient between 0 and 20`))
    .addColumn("deadline", "timestamptz")
    .addColumn("mode", "text", (c) => c.notNull().check(sql`mode in ('book', 'alert')`))
    .addColumn("flap_guard", "text", (c) =>
      c.notNull().defaultTo("first-sight").check(sql`flap_guard in ('first-sight', 'confirm')`),
    )
    .addColumn("status", "text", (c) =>
      c.notNull().defaultTo("active").check(sql`status in ('active', 'paused', 'booked', 'expired', 'failed')`),
    )
    .addColumn("status_reason", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint("booking_tasks_range", sql`date_from <= date_to and date_to - date_from <= 30`)
    .execute();
  await db.schema
    .createIndex("booking_tasks_org_idx")
    .on("booking_tasks")
    .columns(["organization_id", "created_at"])
    .execute();
  await db.schema
    .createIndex("booking_tasks_active_idx")
    .on("booking_tasks")
    .column("status")
    .where(sql.ref("status"), "=", "active")
    .execute();
  // One live task per supply: two tasks racing to book the same preorder make no sense.
  await sql`create unique index booking_tasks_live_supply_key on booking_tasks (cabinet_id, supply_kind, supply_id)
            where status in ('active', 'paused')`.execute(db);

  await db.schema
    .createTable("slot_cells")
    .addColumn("warehouse_id", "integer", (c) => c.notNull())
    .addColumn("date", "date", (c) => c.notNull())
    .addColumn("box_type_id", "smallint", (c) => c.notNull())
    .addColumn("coefficient", "smallint", (c) => c.notNull())
    .addColumn("allow_unload", "boolean", (c) => c.notNull())
    // When the current state was first seen; with the cell it names one opening.
    .addColumn("since", "timestamptz", (c) => c.notNull())
    .addColumn("seen_at", "timestamptz", (c) => c.notNull())
    .addPrimaryKeyConstraint("slot_cells_pk", ["warehouse_id", "date", "box_type_id"])
    .execute();

  await db.schema
    .createTable("slot_changes")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("warehouse_id", "integer", (c) => c.notNull())
    .addColumn("date", "date", (c) => c.notNull())
    .addColumn("box_type_id", "smallint", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('opened', 'closed', 'changed')`))
    .addColumn("coefficient", "smallint", (c) => c.notNull())
    .addColumn("allow_unload", "boolean", (c) => c.notNull())
    .addColumn("previous_coefficient", "smallint")
    .addColumn("at", "timestamptz", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("slot_changes_at_idx").on("slot_changes").column("at").execute();
  await db.schema
    .createIndex("slot_changes_warehouse_at_idx")
    .on("slot_changes")
    .columns(["warehouse_id", "at"])
    .execute();

  await db.schema
    .createTable("notifications")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("organization_id", "bigint", (c) => c.references("organizations.id").onDelete("cascade"))
    .addColumn("chat_id", "bigint", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    // The same opening is never announced twice to the same chat.
    .addColumn("dedupe_key", "text", (c) => c.notNull().unique())
    .addColumn("payload", "jsonb", (c) => c.notNull())
    .addColumn("status", "text", (c) =>
      c.notNull().defaultTo("pending").check(sql`status in ('pending', 'sent', 'failed')`),
    )
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("last_error", "text")
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("sent_at", "timestamptz")
    .execute();
  await db.schema
    .createIndex("notifications_pending_idx")
    .on("notifications")
    .column("created_at")
    .where(sql.ref("status"), "=", "pending")
    .execute();
}
