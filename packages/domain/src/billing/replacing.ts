/**
 * What buying another plan does to the renewing subscription that pays for the plan in force
 * (`leftBehind`): a Stars one has its renewals stopped by Slotpilot, a card (Paddle) one is
 * cancelled by Slotpilot. Null when no subscription renews. Said before paying, in the bot and in
 * the Mini App.
 */
export function whenReplaced(plan: {
  inForce: boolean;
  renews: boolean;
  plan: string | null;
  provider: string | null;
}): "stopped" | "cancelled" | null {
  if (!plan.inForce || !plan.renews || plan.plan === null) return null;
  if (plan.provider === "stars") return "stopped";
  if (plan.provider === "paddle") return "cancelled";
  return null;
}
