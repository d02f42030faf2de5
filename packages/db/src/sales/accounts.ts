import { sql } from "kysely";
import type { Db } from "../connect.ts";
import type { SalesAccountStatus } from "../schema.ts";
import { seal, unseal } from "../secret-box.ts";
import type { Executor } from "./executor.ts";

/** An account as admins see it (no session, no proxy secret). */
export interface SalesAccountView {
  id: number;
  phone: string;
  username: string | null;
  status: SalesAccountStatus;
  pauseReason: string | null;
  sleepUntil: Date | null;
  lastUsedAt: Date | null;
  /** Messages sent on `day` (0 when the counter is from another day). */
  messagesToday: number;
  proxyLabel: string | null;
  deviceModel: string;
}

// Associated data binds a sealed value to its account: copied into another row it does not decrypt.
const sessionContext = (phone: string) => `sales-account:${phone}:session`;
const proxyContext = (phone: string) => `sales-account:${phone}:proxy`;

export function sealAccountSecrets(key: Buffer, phone: string, session: string, proxyUrl: string | null) {
  return {
    session_sealed: seal(key, session, sessionContext(phone)),
    proxy_sealed: proxyUrl ? seal(key, proxyUrl, proxyContext(phone)) : null,
  };
}

export function openAccountSecrets(
  key: Buffer,
  row: { phone: string; session_sealed: Buffer; proxy_sealed: Buffer | null },
): { session: string; proxyUrl: string | null } {
  return {
    session: unseal(key, row.session_sealed, sessionContext(row.phone)),
    proxyUrl: row.proxy_sealed ? unseal(key, row.proxy_sealed, proxyContext(row.phone)) : null,
  };
}

export async function listSalesAccounts(db: Executor, day: string): Promise<SalesAccountView[]> {
  const rows = await db.selectFrom("sales_accounts").selectAll().orderBy("id").execute();
  return rows.map((r) => ({
    id: r.id,
    phone: r.phone,
    username: r.username,
    status: r.status,
    pauseReason: r.pause_reason,
    sleepUntil: r.sleep_until,
    lastUsedAt: r.last_used_at,
    messagesToday: r.messages_day === day ? r.messages_today : 0,
    proxyLabel: r.proxy_label,
    deviceModel: r.device_model,
  }));
}

/**
 * Disables (the engine lets go of it) or enables an account. Enabling also clears a pause: an admin
 * resumes an account by hand after PEER_FLOOD, a spam block or a new login. Null: no such phone.
 */
export async function setSalesAccountEnabled(
  db: Db,
  phone: string,
  enabled: boolean,
): Promise<{ id: number; status: SalesAccountStatus } | null> {
  const row = await db
    .updateTable("sales_accounts")
    .set(
      enabled
        ? { status: "active", pause_reason: null, updated_at: sql<Date>`now()` }
        : { status: "disabled", updated_at: sql<Date>`now()` },
    )
    .where("phone", "=", phone)
    .returning(["id", "status"])
    .executeTakeFirst();
  return row ?? null;
}

/** Stops an account until an admin enables it (PEER_FLOOD, spam block, revoked session) or `until` (a long FloodWait). */
export async function pauseSalesAccount(
  db: Executor,
  id: number,
  reason: string,
  until: Date | null = null,
): Promise<boolean> {
  const row = await db
    .updateTable("sales_accounts")
    .set({ status: "paused", pause_reason: reason, sleep_until: until, updated_at: sql<Date>`now()` })
    .where("id", "=", id)
    .where("status", "=", "active")
    .returning("id")
    .executeTakeFirst();
  return row !== undefined;
}

/** A FloodWait: the account stays active but sends nothing before `until`. */
export async function sleepSalesAccount(db: Executor, id: number, until: Date): Promise<void> {
  await db
    .updateTable("sales_accounts")
    .set({ sleep_until: until, updated_at: sql<Date>`now()` })
    .where("id", "=", id)
    .execute();
}

/** A pause with a known end (a long FloodWait) ends by itself. Returns the phones resumed. */
export async function resumeSleptAccounts(db: Executor): Promise<string[]> {
  const rows = await db
    .updateTable("sales_accounts")
    .set({ status: "active", pause_reason: null, updated_at: sql<Date>`now()` })
    .where("status", "=", "paused")
    .where("pause_reason", "=", "flood_wait")
    .where("sleep_until", "<=", sql<Date>`now()`)
    .returning("phone")
    .execute();
  return rows.map((r) => r.phone);
}

/** The active account that sent least today (then the one awake, then the one idle longest): it opens the next dialog. */
export async function leastUsedHealthyAccount(db: Executor, day: string, except?: number): Promise<number | null> {
  let query = db.selectFrom("sales_accounts").where("status", "=", "active");
  if (except !== undefined) query = query.where("id", "<>", except);
  const row = await query
    .select("id")
    .orderBy(sql`case when messages_day = ${day} then messages_today else 0 end`)
    .orderBy(sql`sleep_until nulls first`)
    .orderBy("last_used_at", (o) => o.asc().nullsFirst())
    .orderBy("id")
    .limit(1)
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function countHealthyAccounts(db: Executor): Promise<number> {
  const row = await db
    .selectFrom("sales_accounts")
    .where("status", "=", "active")
    .where((eb) => eb.or([eb("sleep_until", "is", null), eb("sleep_until", "<=", sql<Date>`now()`)]))
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
