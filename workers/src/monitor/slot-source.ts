import type { FeedRow } from "@slotpilot/domain";

/** What a source says about its own health, for the monitor's status and `/readyz`. */
export interface SourceHealth {
  /** Seller accounts (rate-limit budgets) the source can read with now. */
  usableAccounts: number;
  usableTokens: number;
}

/**
 * Somewhere the slot calendar can be read from. The coefficients feed over the pool of sellers'
 * tokens is the first; a seller's portal session (`getAcceptanceCosts`, the booking issue) can be a
 * second, for when WB switches the feed off. The monitor runs every source through one pipeline.
 */
export interface SlotSource {
  readonly name: string;
  /**
   * When this source may read next (epoch ms; ≤ now means now), or null when it has nothing to
   * read with. May refresh the source's credentials first, hence async.
   */
  nextReadAt(now: number): Promise<number | null>;
  /** One read. Throws the source's typed error after accounting for it (budget, dropped token). */
  read(signal: AbortSignal): Promise<{ rows: readonly FeedRow[]; via: string }>;
  health(): SourceHealth;
}
