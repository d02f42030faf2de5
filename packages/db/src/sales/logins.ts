import { sql } from "kysely";
import type { Db } from "../connect.ts";
import type { SalesLoginStatus } from "../schema.ts";
import { seal, unseal } from "../secret-box.ts";
import type { Executor } from "./executor.ts";

/** How long an admin has to finish a login before its live client is closed. */
export const LOGIN_TTL_MS = 10 * 60_000;
const FINAL: SalesLoginStatus[] = ["done", "failed", "expired", "cancelled"];

export interface SalesLoginView {
  id: number;
  phone: string;
  status: SalesLoginStatus;
  codeVia: string | null;
  passwordHint: string | null;
  error: string | null;
  accountId: number | null;
  expiresAt: Date;
}

const view = (r: {
  id: number;
  phone: string;
  status: SalesLoginStatus;
  code_via: string | null;
  password_hint: string | null;
  error: string | null;
  account_id: number | null;
  expires_at: Date;
}): SalesLoginView => ({
  id: r.id,
  phone: r.phone,
  status: r.status,
  codeVia: r.code_via,
  passwordHint: r.password_hint,
  error: r.error,
  accountId: r.account_id,
  expiresAt: r.expires_at,
});

const COLUMNS = ["id", "phone", "status", "code_via", "password_hint", "error", "account_id", "expires_at"] as const;
const secretContext = (id: number, what: "code" | "password" | "proxy") => `sales-login:${id}:${what}`;

export type CreateLoginResult =
  | { ok: true; login: SalesLoginView }
  | { ok: false; reason: "account_exists" | "login_pending" };

/** Starts a login (a worker then asks Telegram for the code). One pending login per phone. */
export async function createSalesLogin(
  db: Db,
  key: Buffer,
  input: { phone: string; requestedBy: number; chatId: number; proxyUrl: string | null; proxyLabel: string | null },
): Promise<CreateLoginResult> {
  return db.transaction().execute(async (trx) => {
    const existing = await trx
      .selectFrom("sales_accounts")
      .where("phone", "=", input.phone)
      .select("id")
      .executeTakeFirst();
    if (existing) return { ok: false, reason: "account_exists" } as const;
    const inserted = await trx
      .insertInto("sales_logins")
      .values({
        phone: input.phone,
        requested_by: input.requestedBy,
        chat_id: input.chatId,
        proxy_label: input.proxyLabel,
        expires_at: sql<Date>`now() + ${LOGIN_TTL_MS} * interval '1 millisecond'`,
      })
      .onConflict((oc) => oc.expression(sql`phone`).where("status", "not in", FINAL).doNothing())
      .returning(COLUMNS)
      .executeTakeFirst();
    if (!inserted) return { ok: false, reason: "login_pending" } as const;
    if (input.proxyUrl) {
      await trx
        .updateTable("sales_logins")
        .set({ proxy_sealed: seal(key, input.proxyUrl, secretContext(inserted.id, "proxy")) })
        .where("id", "=", inserted.id)
        .execute();
    }
    return { ok: true, login: view(inserted) } as const;
  });
}

export async function getSalesLogin(db: Executor, id: number): Promise<SalesLoginView | null> {
  const row = await db.selectFrom("sales_logins").where("id", "=", id).select(COLUMNS).executeTakeFirst();
  return row ? view(row) : null;
}

/**
 * Hands the admin's code or 2FA password to the worker holding the login, sealed. Only in the
 * state that expects it; returns the login as it is now (unchanged when it expected something else).
 */
export async function submitSalesLoginSecret(
  db: Db,
  key: Buffer,
  id: number,
  what: "code" | "password",
  value: string,
): Promise<{ accepted: boolean; login: SalesLoginView } | null> {
  const from: SalesLoginStatus[] = what === "code" ? ["code_sent"] : ["password_needed"];
  const updated = await db
    .updateTable("sales_logins")
    .set({
      status: what === "code" ? "code_submitted" : "password_submitted",
      ...(what === "code"
        ? { code_sealed: seal(key, value, secretContext(id, "code")) }
        : { password_sealed: seal(key, value, secretContext(id, "password")) }),
      error: null,
      updated_at: sql<Date>`now()`,
    })
    .where("id", "=", id)
    .where("status", "in", from)
    .where("expires_at", ">", sql<Date>`now()`)
    .returning(COLUMNS)
    .executeTakeFirst();
  if (updated) return { accepted: true, login: view(updated) };
  const current = await getSalesLogin(db, id);
  return current ? { accepted: false, login: current } : null;
}

export async function cancelSalesLogin(db: Db, id: number): Promise<SalesLoginView | null> {
  const row = await db
    .updateTable("sales_logins")
    .set({ status: "cancelled", code_sealed: null, password_sealed: null, updated_at: sql<Date>`now()` })
    .where("id", "=", id)
    .where("status", "not in", FINAL)
    .returning(COLUMNS)
    .executeTakeFirst();
  return row ? view(row) : getSalesLogin(db, id);
}

// --- the worker's side -------------------------------------------------------------------------

export interface LoginWork {
  id: number;
  phone: string;
  chatId: number;
  requestedBy: number | null;
  status: SalesLoginStatus;
  proxyLabel: string | null;
  /** Unsealed when present. */
  proxyUrl: string | null;
  code: string | null;
  password: string | null;
  expired: boolean;
}

/**
 * The logins this worker must act on: new ones it claims (first come), and its own that wait for
 * it. A login whose worker stopped heartbeating is another's to fail (its live client is gone).
 */
export async function claimLoginWork(db: Db, key: Buffer, owner: string, staleMs: number): Promise<LoginWork[]> {
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .updateTable("sales_logins")
      .set({ worker_owner: owner, updated_at: sql<Date>`now()` })
      .where("status", "not in", FINAL)
      .where((eb) =>
        eb.or([
          eb("worker_owner", "is", null),
          eb("worker_owner", "=", owner),
          eb("updated_at", "<", sql<Date>`now() - ${staleMs} * interval '1 millisecond'`),
        ]),
      )
      .returning([
        "id",
        "phone",
        "chat_id",
        "requested_by",
        "status",
        "proxy_label",
        "proxy_sealed",
        "code_sealed",
        "password_sealed",
        "worker_owner",
        sql<boolean>`expires_at <= now()`.as("expired"),
      ])
      .execute();
    return rows.map((r) => ({
      id: r.id,
      phone: r.phone,
      chatId: r.chat_id,
      requestedBy: r.requested_by,
      status: r.status,
      proxyLabel: r.proxy_label,
      proxyUrl: r.proxy_sealed ? unseal(key, r.proxy_sealed, secretContext(r.id, "proxy")) : null,
      code: r.code_sealed ? unseal(key, r.code_sealed, secretContext(r.id, "code")) : null,
      password: r.password_sealed ? unseal(key, r.password_sealed, secretContext(r.id, "password")) : null,
      expired: r.expired,
    }));
  });
}

/** Moves a login on; secrets already used are wiped. */
export async function updateSalesLogin(
  db: Executor,
  id: number,
  change: {
    status: SalesLoginStatus;
    codeVia?: string;
    passwordHint?: string | null;
    error?: string | null;
    accountId?: number;
  },
): Promise<void> {
  await db
    .updateTable("sales_logins")
    .set({
      status: change.status,
      ...(change.codeVia !== undefined ? { code_via: change.codeVia } : {}),
      ...(change.passwordHint !== undefined ? { password_hint: change.passwordHint } : {}),
      ...(change.error !== undefined ? { error: change.error } : {}),
      ...(change.accountId !== undefined ? { account_id: change.accountId } : {}),
      code_sealed: null,
      password_sealed: null,
      ...(FINAL.includes(change.status) ? { proxy_sealed: null } : {}),
      updated_at: sql<Date>`now()`,
    })
    .where("id", "=", id)
    .execute();
}
