import {
  type Db,
  pendingStarsRenewalCancels,
  type StarsRenewalCancelOutcome,
  settleStarsRenewalCancel,
} from "@slotpilot/db";
import type { Logger } from "@slotpilot/observability";
import { type Api, GrammyError } from "grammy";

/** The one Bot API method this needs. */
export type StarsSubscriptions = Pick<Api, "editUserStarSubscription">;

/** Telegram unreachable for a day of tries (one a minute): given up, for an admin to look at. */
const MAX_ATTEMPTS = 24 * 60;

/**
 * Stops the renewals of the Stars subscriptions sellers replaced with another plan
 * (`stars_renewal_cancels`, written in the transaction that replaced them). Telegram refusing the
 * cancellation (a 4xx other than 429: the subscription is gone, or not ours to cancel) is final;
 * anything else — Telegram unreachable, a 429, a 5xx — is tried again on the next run.
 */
export function cancelStarsRenewals(deps: { db: Db; log: Logger; stars: StarsSubscriptions }) {
  return async (): Promise<void> => {
    for (const pending of await pendingStarsRenewalCancels(deps.db)) {
      let outcome: StarsRenewalCancelOutcome;
      try {
        await deps.stars.editUserStarSubscription(pending.payerTelegramId, pending.firstChargeId, true);
        outcome = { status: "cancelled" };
      } catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        const refused =
          err instanceof GrammyError && err.error_code >= 400 && err.error_code < 500 && err.error_code !== 429;
        outcome =
          refused || pending.attempts + 1 >= MAX_ATTEMPTS ? { status: "failed", error } : { status: "retry", error };
      }
      await settleStarsRenewalCancel(deps.db, pending.subscriptionRef, outcome);
      const fields = { organizationId: pending.organizationId, plan: pending.plan };
      if (outcome.status === "cancelled") deps.log.info("stars renewals stopped for a replaced plan", fields);
      else
        deps.log.warn(
          outcome.status === "failed" ? "stars renewals not stopped; given up" : "stars renewals not stopped yet",
          { ...fields, error: outcome.error },
        );
    }
  };
}
