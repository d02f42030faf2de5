import { type Db, stepDownEndedPlans } from "@slotpilot/db";
import type { Logger } from "@slotpilot/observability";

/** Ends the trials and paid periods that ran out (the rule is the domain's `dueStepDown`). */
export function billingClock(deps: { db: Db; log: Logger; now?: () => Date }) {
  return async (): Promise<void> => {
    const moved = await stepDownEndedPlans(deps.db, deps.now?.() ?? new Date());
    if (moved.length > 0) deps.log.info("plans stepped down", { organizations: moved.length });
  };
}
