import { policyInput } from "@slotpilot/db";
import { AppError, decide, type PolicyAction, type PolicyInput } from "@slotpilot/domain";
import type { ApiDeps } from "./context.ts";

/**
 * Asks the policy engine whether the organization may do this now; a refusal becomes its typed
 * error (402 with the plan to upgrade to, or 429 for a rate limit), localized by the one boundary.
 * `adjust` lets a caller say what the action does not count (a task being resumed is already open).
 */
export async function enforcePolicy(
  deps: Pick<ApiDeps, "db" | "now">,
  organizationId: number,
  action: PolicyAction,
  adjust: (input: PolicyInput) => PolicyInput = (input) => input,
): Promise<void> {
  const input = adjust(await policyInput(deps.db, organizationId, deps.now?.() ?? new Date()));
  const decision = decide(input, action);
  if (!decision.ok) throw new AppError(decision.code, decision.params);
}
