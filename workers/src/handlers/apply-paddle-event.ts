import { applyPaddleNotification, type Db } from "@slotpilot/db";
import { type Catalogue, PermanentError } from "@slotpilot/domain";
import type { JobHandler } from "@slotpilot/jobs";
import type { Logger } from "@slotpilot/observability";

/**
 * Applies a stored Paddle notification to the plan (see `applyPaddleNotification`). A database
 * failure is retried by the queue; an event id that was never stored is a broken job, dead-lettered.
 */
export function applyPaddleEvent(deps: { db: Db; log: Logger; catalogue: Catalogue }): JobHandler<{ eventId: string }> {
  return async ({ eventId }) => {
    const outcome = await applyPaddleNotification(deps.db, deps.catalogue, eventId);
    if (outcome === "missing") throw new PermanentError(`paddle event ${eventId} was never stored`);
    deps.log.info("paddle event", { eventId, outcome });
  };
}
