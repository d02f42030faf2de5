import { randomUUID } from "node:crypto";
import { sql, type Transaction, type Updateable } from "kysely";
import type { Db } from "./connect.ts";
import { publishEvent } from "./events.ts";
import type { PortalLease } from "./portal-leases.ts";
import { signalPortal } from "./portal-signals.ts";
import type { Database, PortalSessionRow, PortalSessionsTable, PortalWaitingFor } from "./schema.ts";

type Tx = Db | Transaction<Database>;

/** The `portal.session` event every change of what a seller can see about a session publishes. */
async function announce(db: Tx, row: PortalSessionRow): Promise<void> {
  await publishEvent(db, {
    type: "portal.session",
    organizationId: row.organization_id,
    cabinetId: row.cabinet_id,
    state: row.state,
    waitingFor: row.waiting_for,
    error: row.error_code,
  });
}

export async function readPortalSession(db: Tx, cabinetId: number): Promise<PortalSessionRow | undefined> {
  return db.selectFrom("portal_sessions").selectAll().where("cabinet_id", "=", cabinetId).executeTakeFirst();
}

/** The sessions of these cabinets, with what a worker needs to know about each cabinet. */
export async function loadPortalSessions(db: Tx, cabinetIds: readonly number[]) {
  if (cabinetIds.length === 0) return [];
  return db
    .selectFrom("portal_sessions as s")
    .innerJoin("cabinets as c", "c.id", "s.cabinet_id")
    .where("s.cabinet_id", "in", cabinetIds)
    .selectAll("s")
    .select(["c.name as cabinet_name", "c.wb_account_id"])
    .execute();
}

export type PortalSessionWithCabinet = Awaited<ReturnType<typeof loadPortalSessions>>[number];

/**
 * Starts (or restarts) a login: the session goes to INITIALIZING under a new login id, and the
 * workers are told. The saved browser state stays — it is the "device" WB already knows — and so
 * does the chosen WB cabinet, which the new login prefers.
 */
export async function startPortalLogin(
  db: Db,
  input: { cabinetId: number; organizationId: number; phoneSealed: Buffer; phoneHint: string },
): Promise<PortalSessionRow> {
  const loginId = randomUUID();
  const reset = {
    state: "INITIALIZING" as const,
    waiting_for: null,
    error_code: null,
    login_id: loginId,
    phone_sealed: input.phoneSealed,
    phone_hint: input.phoneHint,
    input_sealed: null,
    input_kind: null,
    captcha_image: null,
    captcha_type: null,
    cabinet_choices: null,
    relogin_attempts: 0,
    state_changed_at: new Date(),
  };
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto("portal_sessions")
      .values({ cabinet_id: input.cabinetId, organization_id: input.organizationId, ...reset })
      .onConflict((oc) =>
        oc
          .column("cabinet_id")
          .doUpdateSet((eb) => ({ ...reset, done_seq: eb.ref("portal_sessions.input_seq"), updated_at: new Date() })),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
    await announce(trx, row);
    await signalPortal(trx, input.cabinetId);
    return row;
  });
}

/**
 * Hands the worker the seller's answer to what the session waits for. Null when the session is
 * not waiting for this kind of answer (any more): the caller says so and nothing changes.
 */
export async function submitPortalInput(
  db: Db,
  input: { cabinetId: number; kind: PortalWaitingFor; loginId: string; sealed: Buffer },
): Promise<{ seq: number } | null> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable("portal_sessions")
      .set((eb) => ({
        input_sealed: input.sealed,
        input_kind: input.kind,
        input_seq: eb("input_seq", "+", 1),
        error_code: null,
        revision: eb("revision", "+", 1),
        updated_at: new Date(),
      }))
      .where("cabinet_id", "=", input.cabinetId)
      .where("state", "=", "WAITING_AUTH")
      .where("waiting_for", "=", input.kind)
      .where("login_id", "=", input.loginId)
      .returning("input_seq")
      .executeTakeFirst();
    if (!row) return null;
    await signalPortal(trx, input.cabinetId);
    return { seq: row.input_seq };
  });
}

/**
 * The seller disconnects the portal: the session stops and everything Slotpilot kept of it — the
 * browser state, the phone, any pending answer — is forgotten. The worker holding it lets it go.
 */
export async function stopPortalSession(db: Db, cabinetId: number): Promise<PortalSessionRow | undefined> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable("portal_sessions")
      .set((eb) => ({
        revision: eb("revision", "+", 1),
        state: "STOPPED",
        waiting_for: null,
        error_code: null,
        login_id: null,
        phone_sealed: null,
        input_sealed: null,
        input_kind: null,
        captcha_image: null,
        captcha_type: null,
        cabinet_choices: null,
        storage_sealed: null,
        storage_saved_at: null,
        header_expires_at: null,
        state_changed_at: new Date(),
        updated_at: new Date(),
      }))
      .where("cabinet_id", "=", cabinetId)
      .returningAll()
      .executeTakeFirst();
    if (row) {
      await announce(trx, row);
      await signalPortal(trx, cabinetId);
    }
    return row;
  });
}

export type PortalSessionPatch = Omit<
  Updateable<PortalSessionsTable>,
  "cabinet_id" | "organization_id" | "input_seq" | "revision" | "created_at" | "updated_at"
>;

const ANNOUNCED = ["state", "waiting_for", "error_code"] as const;

/**
 * A worker's write to a session it holds. Fenced: it applies only while `lease` (worker + epoch)
 * is still the cabinet's lease, so a worker that stalled and was taken over cannot overwrite the
 * new holder's state. Publishes `portal.session` when something a seller sees changed, and
 * `also` runs in the same transaction (tasks paused, messages queued). Returns the row, or
 * undefined when the lease is gone.
 */
export async function writePortalSession(
  db: Db,
  input: {
    workerId: string;
    lease: PortalLease;
    patch: PortalSessionPatch;
    also?: (trx: Transaction<Database>, row: PortalSessionRow) => Promise<void>;
  },
): Promise<PortalSessionRow | undefined> {
  const { lease } = input;
  return db.transaction().execute(async (trx) => {
    const before = await trx
      .selectFrom("portal_sessions")
      .select(ANNOUNCED)
      .where("cabinet_id", "=", lease.cabinetId)
      .forUpdate()
      .executeTakeFirst();
    const row = await trx
      .updateTable("portal_sessions")
      .set((eb) => ({ ...input.patch, revision: eb("revision", "+", 1), updated_at: new Date() }))
      .where("cabinet_id", "=", lease.cabinetId)
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom("portal_leases")
            .select(sql`1`.as("one"))
            .where("portal_leases.cabinet_id", "=", lease.cabinetId)
            .where("portal_leases.worker_id", "=", input.workerId)
            .where("portal_leases.epoch", "=", lease.epoch),
        ),
      )
      .returningAll()
      .executeTakeFirst();
    if (!row) return undefined;
    if (!before || ANNOUNCED.some((k) => before[k] !== row[k])) await announce(trx, row);
    await input.also?.(trx, row);
    return row;
  });
}

/**
 * Sessions lent to the shared monitor: active, and their cabinet opted in. The WB account (the
 * session's cabinet) is what a portal budget is kept per.
 */
export async function listMonitorPortalSessions(db: Tx): Promise<{ cabinetId: number; supplierId: number }[]> {
  const rows = await db
    .selectFrom("portal_sessions as s")
    .innerJoin("cabinets as c", "c.id", "s.cabinet_id")
    .where("s.state", "=", "ACTIVE")
    .where("c.monitor_opt_in", "=", true)
    .where("s.supplier_id", "is not", null)
    .select(["s.cabinet_id", "s.supplier_id"])
    .orderBy("s.cabinet_id")
    .execute();
  return rows.map((r) => ({ cabinetId: r.cabinet_id, supplierId: r.supplier_id ?? 0 }));
}
