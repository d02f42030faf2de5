import {
  acquirePortalLeases,
  beatPortalWorker,
  claimPortalCalls,
  type Db,
  enqueuePortalNotice,
  finishPortalCall,
  forgetPortalWorker,
  loadPortalSessions,
  openPortalInput,
  openPortalPhone,
  openPortalStorage,
  type PortalSessionPatch,
  pauseTasksForLostSession,
  releasePortalLease,
  renewPortalLeases,
  resumeTasksAfterLogin,
  sealPortalStorage,
  writePortalSession,
} from "@slotpilot/db";
import { parseBrowserState } from "@slotpilot/portal";
import type { CallInbox, Lease, LeaseStore, SessionRecord, SessionStore, SessionUpdate } from "./ports.ts";

/** The keeper's ports on PostgreSQL: sealing with `encryptionKey`, notices to `adminChatIds` too. */
export function pgSessionStores(options: {
  db: Db;
  encryptionKey: Buffer;
  workerId: string;
  adminChatIds: readonly number[];
}) {
  const { db, encryptionKey: key, workerId } = options;
  const ref = (r: SessionRecord) => ({ organizationId: r.organizationId, cabinetId: r.cabinetId });
  const sealed = new Map<number, { phone: Buffer | null; input: Buffer | null; storage: Buffer | null }>();

  const write = (lease: Lease, patch: PortalSessionPatch, also?: Parameters<typeof writePortalSession>[1]["also"]) =>
    writePortalSession(db, { workerId, lease, patch, ...(also ? { also } : {}) }).then((row) => row?.revision ?? null);

  const leases: LeaseStore = {
    acquire: (id, ttlMs, limit) => acquirePortalLeases(db, { workerId: id, ttlMs, limit }),
    renew: (id, ttlMs) => renewPortalLeases(db, { workerId: id, ttlMs }),
    release: (id, lease) => releasePortalLease(db, { workerId: id, lease }),
    beat: (info) => beatPortalWorker(db, info),
    forget: (id) => forgetPortalWorker(db, id),
  };

  const sessions: SessionStore = {
    async load(cabinetIds) {
      const rows = await loadPortalSessions(db, cabinetIds);
      return rows.map((r): SessionRecord => {
        sealed.set(r.cabinet_id, { phone: r.phone_sealed, input: r.input_sealed, storage: r.storage_sealed });
        return {
          cabinetId: r.cabinet_id,
          organizationId: r.organization_id,
          cabinetName: r.cabinet_name,
          wbAccountId: r.wb_account_id,
          state: r.state,
          waitingFor: r.waiting_for,
          errorCode: r.error_code,
          loginId: r.login_id,
          inputKind: r.input_kind,
          inputSeq: r.input_seq,
          doneSeq: r.done_seq,
          supplierId: r.supplier_id,
          reloginAttempts: r.relogin_attempts,
          stateChangedAt: r.state_changed_at.getTime(),
          hasStorage: r.storage_sealed !== null,
          revision: r.revision,
        };
      });
    },
    async phone(record) {
      const bytes = sealed.get(record.cabinetId)?.phone;
      return bytes ? openPortalPhone(key, ref(record), bytes) : null;
    },
    async input(record) {
      const bytes = sealed.get(record.cabinetId)?.input;
      if (!bytes || !record.loginId) return null;
      return openPortalInput(key, record.cabinetId, record.loginId, bytes);
    },
    async browserState(record) {
      const bytes = sealed.get(record.cabinetId)?.storage;
      if (!bytes) return null;
      try {
        return parseBrowserState(openPortalStorage(key, ref(record), bytes));
      } catch {
        // Tampered with, or sealed with another key: start from a clean device rather than crash.
        return null;
      }
    },
    update: (lease, change) => write(lease, patchOf(change)),
    async saveBrowserState(lease, record, state) {
      const storage = sealPortalStorage(key, ref(record), JSON.stringify(state));
      const ok = await write(lease, { storage_sealed: storage, storage_saved_at: new Date() });
      if (ok)
        sealed.set(record.cabinetId, { ...(sealed.get(record.cabinetId) ?? { phone: null, input: null }), storage });
      return ok;
    },
    activated: (lease, change) =>
      write(
        lease,
        patchOf({ ...change, state: "ACTIVE", waitingFor: null, errorCode: null, reloginAttempts: 0 }),
        async (trx, row) => {
          await trx
            .updateTable("cabinets")
            .set({ wb_account_id: change.supplier.supplierId, updated_at: new Date() })
            .where("id", "=", row.cabinet_id)
            .where("wb_account_id", "is", null)
            .execute();
          await resumeTasksAfterLogin(trx, row.cabinet_id);
        },
      ),
    async lost(lease, record, input) {
      let paused = 0;
      const revision = await write(
        lease,
        patchOf({ state: "ERROR", waitingFor: null, errorCode: input.errorCode, captcha: null }),
        async (trx, row) => {
          paused = (await pauseTasksForLostSession(trx, row.cabinet_id)).length;
          await enqueuePortalNotice(
            trx,
            {
              kind: input.kind,
              organizationId: row.organization_id,
              cabinetId: row.cabinet_id,
              cabinetName: record.cabinetName,
              pausedTasks: paused,
              occurrence: String(row.state_changed_at.getTime()),
            },
            options.adminChatIds,
          );
        },
      );
      return revision === null ? null : { revision, pausedTasks: paused };
    },
  };

  const calls: CallInbox = {
    claim: (id, cabinetIds, limit) => claimPortalCalls(db, { workerId: id, cabinetIds, limit }),
    finish: (id, outcome) => finishPortalCall(db, id, outcome),
  };

  return { leases, sessions, calls };
}

export type SessionStores = ReturnType<typeof pgSessionStores>;

function patchOf(change: SessionUpdate): PortalSessionPatch {
  const patch: PortalSessionPatch = {};
  if (change.state !== undefined) {
    patch.state = change.state;
    patch.state_changed_at = new Date();
  }
  if (change.waitingFor !== undefined) patch.waiting_for = change.waitingFor;
  if (change.errorCode !== undefined) patch.error_code = change.errorCode;
  if (change.captcha !== undefined) {
    patch.captcha_image = change.captcha?.bytes ?? null;
    patch.captcha_type = change.captcha?.mime ?? null;
  }
  if (change.cabinetChoices !== undefined) {
    patch.cabinet_choices = change.cabinetChoices === null ? null : JSON.stringify(change.cabinetChoices);
  }
  if (change.supplier !== undefined) {
    patch.supplier_id = change.supplier.supplierId;
    patch.supplier_name = change.supplier.name;
  }
  if (change.reloginAttempts !== undefined) patch.relogin_attempts = change.reloginAttempts;
  if (change.doneSeq !== undefined) patch.done_seq = change.doneSeq;
  if (change.headerExpiresAt !== undefined) {
    patch.header_expires_at = change.headerExpiresAt === null ? null : new Date(change.headerExpiresAt);
  }
  if (change.checkedAt !== undefined) patch.checked_at = new Date(change.checkedAt);
  return patch;
}
