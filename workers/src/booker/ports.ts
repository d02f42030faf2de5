import type {
  BookingEnding,
  ClaimedBooking,
  ClaimInput,
  DraftWorkSkip,
  HuntingCabinet,
  PreorderToCreate,
  PreorderToRemove,
} from "@slotpilot/db";
import type { PortalPage } from "@slotpilot/portal";

/**
 * What the booker needs from the outside world, as small interfaces (DESIGN.md, principle 9).
 * `pg-store.ts` implements `BookingStore` on PostgreSQL (with the plans-and-payments allowance
 * inside its transactions); the session keeper is `WarmPages`.
 */
export interface BookingStore {
  /** Claims open bookings of these cabinets: the intent, written before the portal is touched. */
  claim(input: ClaimInput): Promise<ClaimedBooking[]>;
  /** Ends a claimed booking. False: the claim was superseded (a takeover); nothing changed. */
  finish(booking: ClaimedBooking, ending: BookingEnding): Promise<boolean>;
  /** Hands a claimed booking back untouched by this worker (its page was not ready after all). */
  unclaim(booking: ClaimedBooking): Promise<void>;
  /** Ends bookings no worker could start in time; how many. */
  expireStale(maxAgeMs: number): Promise<number>;
  /**
   * Which of these cabinets may book any moment now (a live `book` task that is not a dry run), with
   * the preorder a booking by clicks would most likely plan.
   */
  hunting(cabinetIds: readonly number[]): Promise<HuntingCabinet[]>;
}

/** Draft tasks' preorders made ahead of time (`booking_preorders`). */
export interface DraftStore {
  /** What the cabinets this worker holds need: preorders to make, preorders to remove. */
  work(input: { workerId: string; cabinetIds: readonly number[]; skip?: DraftWorkSkip }): Promise<{
    create: PreorderToCreate[];
    remove: PreorderToRemove[];
  }>;
  /** The intent to make one, written before `supply/create` is sent. */
  noteIntent(input: { taskId: number; cabinetId: number; draftId: string; warehouseId: number }): Promise<void>;
  /** The preorder made (or adopted): ready to be planned (and a cell that opened before it, still open, booked). */
  record(input: { taskId: number; warehouseId: number; preorderId: number }): Promise<void>;
  /** Every preorder id the cabinet's tasks hold. */
  recordedIds(cabinetId: number): Promise<Set<number>>;
  removed(id: number): Promise<void>;
}

/** What WB says about a supply: the read-back that confirms a booking. */
export interface SupplyState {
  statusId: number;
  /** ISO, or null while unplanned. */
  supplyDate: string | null;
  supplyId: number | null;
  /** Rubles, when WB says. */
  acceptanceCost: number | null;
}

/**
 * WB's official supplies API, for cabinets that have a token: `undefined` when the cabinet has
 * none (the portal is read instead), `null` when WB does not know the preorder.
 */
export type OfficialSupplies = (cabinetId: number, preorderId: number) => Promise<SupplyState | null | undefined>;

/** The warm portal pages of the cabinets this worker holds (the session keeper). */
export interface WarmPages {
  ready(): number[];
  use<T>(cabinetId: number, work: (portal: PortalPage) => Promise<T>): Promise<T>;
}
