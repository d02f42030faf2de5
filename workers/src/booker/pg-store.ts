import {
  allowanceLedger,
  type BookingLedger,
  cabinetToken,
  claimBookings,
  type Db,
  expireStaleBookings,
  finishBooking,
  huntingCabinets,
  listDraftWork,
  markPreorderRemoved,
  notePreorderIntent,
  recordedPreorderIds,
  recordPreorder,
  unclaimBooking,
} from "@slotpilot/db";
import { WbError, type WbOfficialClient } from "@slotpilot/wb";
import type { BookingStore, DraftStore, OfficialSupplies } from "./ports.ts";

/** The booking store on PostgreSQL, with the plans-and-payments allowance inside its transactions. */
export function pgBookingStore(db: Db, ledger: BookingLedger | null = allowanceLedger): BookingStore {
  const l = ledger ?? undefined;
  return {
    claim: (input) => claimBookings(db, input, l),
    finish: (booking, ending) => finishBooking(db, booking, ending, l),
    unclaim: (booking) => unclaimBooking(db, booking),
    expireStale: (maxAgeMs) => expireStaleBookings(db, maxAgeMs, l),
    hunting: (cabinetIds) => huntingCabinets(db, cabinetIds),
  };
}

/** Draft tasks' preorders on PostgreSQL. */
export function pgDraftStore(db: Db): DraftStore {
  return {
    work: (input) => listDraftWork(db, input),
    noteIntent: (input) => notePreorderIntent(db, input),
    record: async (input) => {
      // A booking it makes for a cell that opened before the preorder wakes the booker (NOTIFY).
      await recordPreorder(db, input);
    },
    recordedIds: (cabinetId) => recordedPreorderIds(db, cabinetId),
    removed: (id) => markPreorderRemoved(db, id),
  };
}

/**
 * The read-back through WB's official supplies API, for cabinets with a token (the token is opened
 * here, used for the one request, and never logged).
 */
export function officialSupplies(db: Db, encryptionKey: Buffer, client: WbOfficialClient): OfficialSupplies {
  return async (cabinetId, preorderId) => {
    const row = await db
      .selectFrom("cabinets")
      .where("id", "=", cabinetId)
      .select(["organization_id", "token_sealed", "token_fingerprint"])
      .executeTakeFirst();
    const token = row ? cabinetToken(encryptionKey, row) : null;
    if (!token) return undefined;
    try {
      const { data } = await client.supply(token, preorderId, { isPreorderID: true });
      return {
        statusId: data.statusID,
        supplyDate: data.supplyDate ?? null,
        supplyId: null,
        acceptanceCost: typeof data.acceptanceCost === "number" ? data.acceptanceCost : null,
      };
    } catch (error) {
      if (error instanceof WbError && error.status === 404) return null;
      throw error;
    }
  };
}
