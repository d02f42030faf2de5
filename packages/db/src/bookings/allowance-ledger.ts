import { chargeBooking, releaseBooking, reserveBooking } from "../billing/booking-allowance.ts";
import type { BookingLedger } from "./ledger.ts";

/** The booking store's ledger: the plans-and-payments allowance (`billing/`), in the store's transactions. */
export const allowanceLedger: BookingLedger = {
  reserve: (trx, input) => reserveBooking(trx, input),
  charge: (trx, input) => chargeBooking(trx, input),
  release: (trx, input) => releaseBooking(trx, input),
};
