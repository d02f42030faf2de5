import { isPaidPlanId, type PaidPlanId, parseDecimalId } from "@slotpilot/domain";

/** What `/grant <telegram id> <plan>` was given, or what is wrong with it (each has its own answer). */
export type GrantArgs =
  | { ok: true; telegramId: number; plan: PaidPlanId }
  | { ok: false; problem: "no_id" }
  | { ok: false; problem: "bad_id"; id: string }
  | { ok: false; problem: "no_plan" }
  | { ok: false; problem: "unknown_plan"; plan: string };

/** Reads `/grant`'s arguments: a Telegram id in plain decimal digits (not `1e9`, `0x10`), then a paid plan. */
export function parseGrantArgs(text: string): GrantArgs {
  const [id, plan] = text.trim().split(/\s+/).filter(Boolean);
  // `/grant pro25`: the plan is there, the id is not.
  if (id === undefined || (plan === undefined && isPaidPlanId(id))) return { ok: false, problem: "no_id" };
  const telegramId = parseDecimalId(id);
  if (telegramId === null) return { ok: false, problem: "bad_id", id };
  if (plan === undefined) return { ok: false, problem: "no_plan" };
  if (!isPaidPlanId(plan)) return { ok: false, problem: "unknown_plan", plan };
  return { ok: true, telegramId, plan };
}
