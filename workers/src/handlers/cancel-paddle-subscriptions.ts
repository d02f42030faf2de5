import {
  claimPaddleSubscriptionCancels,
  type Db,
  type PaddleSubscriptionCancelOutcome,
  settlePaddleSubscriptionCancel,
} from "@slotpilot/db";
import type { Logger } from "@slotpilot/observability";
import { type PaddleGateway, PaddleRefusedError } from "@slotpilot/paddle";

/** The one Paddle call this needs. */
export type PaddleSubscriptions = Pick<PaddleGateway, "cancelSubscription">;

/** Paddle unreachable for a day of tries (one a minute): given up, for an admin to look at. */
const MAX_ATTEMPTS = 24 * 60;

/**
 * Cancels the card (Paddle) subscriptions sellers replaced with another plan
 * (`paddle_subscription_cancels`, written in the transaction that replaced them). Each run claims
 * its rows first, so runs that overlap never ask Paddle twice. Paddle refusing (a `request_error`:
 * the subscription is unknown, or not ours) is final; one already canceled counts as done; anything
 * else — Paddle unreachable, a 429, a 5xx — is tried again on the next run.
 *
 * The subscription is cancelled at once, not at the end of its billing period: the new plan is in
 * force from the moment it was bought, and Slotpilot holds one plan at a time, so the card period's
 * remaining days give the seller nothing either way — while a subscription left active until then
 * would, in Paddle's portal and its emails, still look like something the seller pays for. No
 * further charge comes in both cases; cancelling now makes that true and visible at once.
 */
export function cancelPaddleSubscriptions(deps: { db: Db; log: Logger; paddle: PaddleSubscriptions }) {
  return async (): Promise<void> => {
    for (const pending of await claimPaddleSubscriptionCancels(deps.db)) {
      let outcome: PaddleSubscriptionCancelOutcome;
      try {
        await deps.paddle.cancelSubscription(pending.subscriptionRef);
        outcome = { status: "cancelled" };
      } catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        if (err instanceof PaddleRefusedError && err.alreadyCanceled) outcome = { status: "cancelled", already: true };
        else if (err instanceof PaddleRefusedError || pending.attempts + 1 >= MAX_ATTEMPTS)
          outcome = { status: "failed", error: err instanceof PaddleRefusedError ? `${err.code}: ${error}` : error };
        else outcome = { status: "retry", error };
      }
      await settlePaddleSubscriptionCancel(deps.db, pending.subscriptionRef, outcome);
      const fields = {
        organizationId: pending.organizationId,
        plan: pending.plan,
        subscriptionId: pending.subscriptionRef,
      };
      if (outcome.status === "cancelled") deps.log.info("card subscription cancelled for a replaced plan", fields);
      else
        deps.log.warn(
          outcome.status === "failed"
            ? "card subscription not cancelled; given up"
            : "card subscription not cancelled yet",
          { ...fields, error: outcome.error },
        );
    }
  };
}
