import { type Kysely, sql } from "kysely";

/**
 * Portal sessions: a cabinet can be connected by a WB seller-portal login (phone + SMS) with or
 * without an API token, and Slotpilot keeps its browser session warm in a worker.
 *
 * - `cabinets.token_*` become nullable (all three set, or none).
 * - `portal_sessions`: one row per cabinet — the login's state, what it waits for, the seller's
 *   pending input, and the encrypted browser state (cookies, localStorage, IndexedDB,
 *   sessionStorage) that every new browser context is restored from.
 * - `portal_leases`: which worker holds a cabinet's browser context, until when; `epoch` grows on
 *   every takeover and fences a worker that lost its lease from writing the session.
 * - `portal_workers`: the workers that run browsers, with a heartbeat (admin status).
 * - `portal_calls`: requests for a cabinet's live portal session (drafts, supplies, the slot
 *   report), answered by whichever worker holds its lease.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table cabinets
              alter column token_sealed drop not null,
              alter column token_fingerprint drop not null,
              alter column token_type drop not null`.execute(db);
  await sql`alter table cabinets add constraint cabinets_token_all_or_none check (
              (token_sealed is null) = (token_fingerprint is null) and (token_fingerprint is null) = (token_type is null))`.execute(
    db,
  );

  await db.schema
    .createTable("portal_sessions")
    .addColumn("cabinet_id", "bigint", (c) => c.primaryKey().references("cabinets.id").onDelete("cascade"))
    .addColumn("organization_id", "bigint", (c) => c.notNull().references("organizations.id").onDelete("cascade"))
    .addColumn("state", "text", (c) =>
      c.notNull().check(sql`state in ('INITIALIZING', 'WAITING_AUTH', 'ACTIVE', 'ERROR', 'STOPPED')`),
    )
    .addColumn("waiting_for", "text", (c) => c.check(sql`waiting_for in ('code', 'captcha', 'cabinet')`))
    // An `errors.portal.*` code: why the session failed, or what went wrong with the last input.
    .addColumn("error_code", "text")
    // The login in progress (a new one per POST …/login); a worker that sees a new id starts over.
    .addColumn("login_id", "uuid")
    .addColumn("phone_sealed", "bytea")
    .addColumn("phone_hint", "text")
    // The seller's answer the worker has not used yet (code, captcha text or cabinet), sealed.
    .addColumn("input_sealed", "bytea")
    .addColumn("input_kind", "text", (c) => c.check(sql`input_kind in ('code', 'captcha', 'cabinet')`))
    .addColumn("input_seq", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("done_seq", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("captcha_image", "bytea")
    .addColumn("captcha_type", "text")
    .addColumn("cabinet_choices", "jsonb")
    .addColumn("supplier_id", "bigint")
    .addColumn("supplier_name", "text")
    .addColumn("storage_sealed", "bytea")
    .addColumn("storage_saved_at", "timestamptz")
    .addColumn("header_expires_at", "timestamptz")
    .addColumn("checked_at", "timestamptz")
    .addColumn("relogin_attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("state_changed_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    // Grows on every write: a worker holding an older copy of the row knows it is older.
    .addColumn("revision", "bigint", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("updated_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // What the workers look for: sessions that want a browser.
  await sql`create index portal_sessions_live_idx on portal_sessions (cabinet_id)
            where state in ('INITIALIZING', 'WAITING_AUTH', 'ACTIVE')`.execute(db);

  await db.schema
    .createTable("portal_workers")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("host", "text", (c) => c.notNull())
    .addColumn("pid", "integer", (c) => c.notNull())
    .addColumn("capacity", "integer", (c) => c.notNull())
    .addColumn("held", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("memory_mb", "integer")
    .addColumn("started_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("heartbeat_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable("portal_leases")
    .addColumn("cabinet_id", "bigint", (c) => c.primaryKey().references("cabinets.id").onDelete("cascade"))
    .addColumn("worker_id", "text", (c) => c.notNull())
    .addColumn("epoch", "bigint", (c) => c.notNull().defaultTo(1))
    .addColumn("lease_until", "timestamptz", (c) => c.notNull())
    .addColumn("acquired_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex("portal_leases_worker_idx").on("portal_leases").column("worker_id").execute();

  await db.schema
    .createTable("portal_calls")
    .addColumn("id", "bigint", (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn("cabinet_id", "bigint", (c) => c.notNull().references("cabinets.id").onDelete("cascade"))
    .addColumn("method", "text", (c) => c.notNull())
    .addColumn("params", "jsonb", (c) => c.notNull())
    .addColumn("status", "text", (c) =>
      c.notNull().defaultTo("pending").check(sql`status in ('pending', 'running', 'done', 'failed')`),
    )
    .addColumn("result", "jsonb")
    .addColumn("error_code", "text")
    .addColumn("worker_id", "text")
    // A call nobody answered by then is abandoned: its caller has stopped waiting.
    .addColumn("deadline", "timestamptz", (c) => c.notNull())
    .addColumn("created_at", "timestamptz", (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn("done_at", "timestamptz")
    .execute();
  await sql`create index portal_calls_pending_idx on portal_calls (cabinet_id, id) where status = 'pending'`.execute(
    db,
  );
}
