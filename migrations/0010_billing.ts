import { type Kysely, sql } from "kysely";

/**
 * Plans and payments. An organization's plan is a state (`plan_states`, one row, locked by every
 * change and every booking reservation) that only plan-change events move, each recorded in
 * `plan_events` — a payment is one of their causes, never a direct edit. `booking_allowance` is the
 * ledger of bookings held against the period's limit or a pack. `payments` records what was paid
 * (Stars or Paddle) and refunded; `paddle_events` keeps each Paddle webhook once, by its event id.
 * Organizations that exist already get their trial now.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("plan_states")
    .addColumn("organization_id", "bigint", (c) => c.primaryKey().references("organizations.id").onDelete("cascade"))
    .addColumn("plan", "text")
    .addColumn("period_start", "timestamptz")
    .addColumn("period_end", "timestamptz")
    .addColumn("renews", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("provider", "text")
    .addColumn("subscription_ref", "text")
    // Paddle's customer (ctm_…), for the link to its customer portal.
    .addColumn("customer_ref", "text")
    .addColumn("provider_event_at", "timestamptz")
    .addColumn("past_due", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("pack_bookings", "integer", (c) => c.notNull().defaultTo(0).check(sql`pack_bookings >= 0`))
    .addColumn("trial_used", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("ended_plan", "text")
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // The clock finds the periods that ran out.
  await sql`create index plan_states_period_end_idx on plan_states (period_end) where plan is not null`.execute(db);

  await db.schema
    .createTable("plan_events")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("organization_id", "bigint", (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    .addColumn("at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("type", "text", (c) => c.notNull())
    .addColumn("event", "jsonb", (c) => c.notNull())
    .addColumn("changed", "boolean", (c) => c.notNull())
    // The cause's idempotency key (a Telegram charge id, a Paddle event id): one event per cause.
    .addColumn("dedupe_key", "text", (c) => c.unique())
    .addColumn("actor_user_id", "bigint")
    .execute();
  await db.schema.createIndex("plan_events_org_idx").on("plan_events").columns(["organization_id", "at"]).execute();

  await db.schema
    .createTable("booking_allowance")
    .addColumn("booking_id", "text", (c) => c.primaryKey())
    .addColumn("organization_id", "bigint", (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    .addColumn("source", "text", (c) => c.notNull().check(sql`source in ('plan', 'pack')`))
    // The plan period the unit was counted in (null for a pack unit).
    .addColumn("period_start", "timestamptz")
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('reserved', 'charged', 'released')`))
    .addColumn("reserved_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("settled_at", "timestamptz")
    .execute();
  await sql`create index booking_allowance_period_idx on booking_allowance (organization_id, period_start) where status <> 'released'`.execute(
    db,
  );

  await db.schema
    .createTable("payments")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("organization_id", "bigint", (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    .addColumn("provider", "text", (c) => c.notNull().check(sql`provider in ('stars', 'paddle')`))
    // Telegram's telegram_payment_charge_id, or Paddle's transaction id: a payment is recorded once.
    .addColumn("provider_ref", "text", (c) => c.notNull())
    .addColumn("provider_charge_ref", "text")
    .addColumn("product", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('plan', 'pack')`))
    .addColumn("amount", "integer", (c) => c.notNull())
    .addColumn("currency", "text", (c) => c.notNull())
    .addColumn("subscription_ref", "text")
    .addColumn("recurring", "boolean", (c) => c.notNull().defaultTo(false))
    .addColumn("payer_telegram_id", "bigint")
    .addColumn("status", "text", (c) => c.notNull().defaultTo("paid").check(sql`status in ('paid', 'refunded')`))
    .addColumn("paid_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("refunded_at", "timestamptz")
    .addUniqueConstraint("payments_provider_ref_key", ["provider", "provider_ref"])
    .execute();
  await db.schema.createIndex("payments_org_idx").on("payments").columns(["organization_id", "paid_at"]).execute();

  await db.schema
    .createTable("paddle_events")
    .addColumn("event_id", "text", (c) => c.primaryKey())
    .addColumn("event_type", "text", (c) => c.notNull())
    .addColumn("occurred_at", "timestamptz", (c) => c.notNull())
    .addColumn("received_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("payload", "jsonb", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().defaultTo("pending"))
    .addColumn("outcome", "text")
    .execute();

  // Existing organizations get the trial every new one gets.
  await sql`
    insert into plan_states (organization_id, plan, period_start, period_end, provider, trial_used)
    select id, 'trial', now(), now() + interval '14 days', 'trial', true from organizations
    on conflict do nothing`.execute(db);
}
