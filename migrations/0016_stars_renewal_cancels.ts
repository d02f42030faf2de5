import { type Kysely, sql } from "kysely";

/**
 * Stars subscriptions whose renewals Slotpilot must stop: one a seller replaced by buying another
 * plan (Telegram would go on charging for both). Written in the transaction that replaced it, so the
 * intent survives a crash; the worker asks Telegram (`editUserStarSubscription`) until it is done
 * or refused for good.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("stars_renewal_cancels")
    .addColumn("subscription_ref", "text", (c) => c.primaryKey())
    .addColumn("organization_id", "bigint", (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    .addColumn("payer_telegram_id", "bigint", (c) => c.notNull())
    // Telegram names a subscription by its first payment's telegram_payment_charge_id.
    .addColumn("first_charge_id", "text", (c) => c.notNull())
    .addColumn("plan", "text", (c) => c.notNull())
    .addColumn("reason", "text", (c) => c.notNull().check(sql`reason in ('superseded')`))
    .addColumn("requested_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("status", "text", (c) =>
      c.notNull().defaultTo("pending").check(sql`status in ('pending', 'cancelled', 'failed')`),
    )
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("last_error", "text")
    .addColumn("settled_at", "timestamptz")
    .execute();
  await sql`create index stars_renewal_cancels_pending_idx on stars_renewal_cancels (requested_at) where status = 'pending'`.execute(
    db,
  );
}
