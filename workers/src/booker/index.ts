/**
 * The booking engine in the workers: books the slots the monitor hands over (`bookings` rows) on
 * the warm portal pages the session keeper holds, and confirms each by reading the supply back.
 */
export { type BookingStrategy, bookSlot, failureOf, ReadBackFailed, SessionLostWhileBooking } from "./book-slot.ts";
export { Booker, type BookerDeps } from "./booker.ts";
export { tendDraftPreorders } from "./draft-preorders.ts";
export { moveSupply } from "./move-supply.ts";
export { officialSupplies, pgBookingStore, pgDraftStore } from "./pg-store.ts";
export type { BookingStore, DraftStore, OfficialSupplies, SupplyState, WarmPages } from "./ports.ts";
export { readSupply } from "./read-back.ts";
export { type BookerOptions, startBooker } from "./start-booker.ts";
