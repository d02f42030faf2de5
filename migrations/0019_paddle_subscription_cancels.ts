import { type Kysely, sql } from "kysely";

/**
 * Card (Paddle) subscriptions Slotpilot must cancel: one a seller replaced by buying another plan
 * (Paddle would go on charging the card for a plan the seller left). Written in the transaction that
 * replaced it, so the intent survives a crash; the worker asks Paddle to cancel it until it is done
 * or refused for good. `claimed_until` lets one run at a time hold a row while it asks Paddle, so
 * two runs at once cancel once. A row also marks the subscription as replaced: its later
 * notifications never take the plan back.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("paddle_subscription_cancels")
    // Paddle's subscription id, `sub_…`.
    .addColumn("subscription_ref", "text", (c) => c.primaryKey())
    .addColumn("organization_id", "bigint", (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    .addColumn("plan", "text", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull().check(sql`reason in ('superseded')`))
    // When the seller replaced it (the replacing event's time): a charge Paddle made after this
    // was one the seller no longer owed.
    // When the seller replaced it (the replacing event's time): a charge Paddle made after this
    // was one the seller no longer owed.
    .addColumn("requested_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("status", "text", (c) =>
      c.notNull().defaultTo("pending").check(sql`status in ('pending', 'cancelled', 'failed')`),
    )
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("claimed_until", "timestamptz")
    .addColumn("last_error", "text")
    .addColumn("settled_at", "timestamptz")
    .execute();
  await sql`create index paddle_subscription_cancels_pending_idx on paddle_subscription_cancels (requested_at) where status = 'pending'`.execute(
    db,
  );
}
