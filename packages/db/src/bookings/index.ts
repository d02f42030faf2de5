export { allowanceLedger } from "./allowance-ledger.ts";
export { type ClaimedBooking, type ClaimInput, claimBookings } from "./claim-bookings.ts";
export { type BookDecision, type CreatedBooking, createBookings } from "./create-bookings.ts";
export {
  type DraftWorkSkip,
  listDraftWork,
  markPreorderRemoved,
  notePreorderIntent,
  type PreorderToCreate,
  type PreorderToRemove,
  recordedPreorderIds,
  recordPreorder,
} from "./draft-preorders.ts";
export {
  type BookingEnding,
  type BookingRef,
  endBooking,
  expireStaleBookings,
  finishBooking,
  unclaimBooking,
} from "./end-booking.ts";
export { type HuntingCabinet, huntingCabinets } from "./hunting-cabinets.ts";
export type { BookingLedger } from "./ledger.ts";
