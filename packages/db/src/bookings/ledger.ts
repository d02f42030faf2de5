import type { Transaction } from "kysely";
import type { Database } from "../schema.ts";

/**
 * The month's booking allowance, as the booking store uses it inside its own transactions: reserved
 * with the intent (before the portal is touched), charged once WB reads the supply back as planned,
 * released when the booking ends any other way. Every call is idempotent per booking. The
 * implementation is the plans-and-payments ledger (`reserveBooking` / `chargeBooking` /
 * `releaseBooking`, CONTRACT-9-12.md); this package does not keep a second one.
 */
export interface BookingLedger {
  reserve(
    trx: Transaction<Database>,
    input: { organizationId: number; bookingId: number },
  ): Promise<{ ok: true } | { ok: false; reason: "limit_reached" | "trial_over" | "no_plan" }>;
  charge(trx: Transaction<Database>, input: { bookingId: number }): Promise<void>;
  release(trx: Transaction<Database>, input: { bookingId: number }): Promise<void>;
}
