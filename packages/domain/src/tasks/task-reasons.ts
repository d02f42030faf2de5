import type { TaskReason } from "./task-life.ts";

/** The lost portal session's pause reason, as the session keeper stores it. */
type PortalSessionLost = "portal_session_lost";

/** Every code a task's `status_reason` may hold; the compiler keeps it in step with `TaskReason`. */
const WORDED: Record<TaskReason | PortalSessionLost, true> = {
  by_seller: true,
  session_lost: true,
  portal_session_lost: true,
  plan_limit: true,
  trial_over: true,
  plan_ended: true,
  supply_gone: true,
  supply_planned_elsewhere: true,
  date_range_over: true,
  deadline_passed: true,
};

export const TASK_REASON_CODES = Object.keys(WORDED) as (TaskReason | PortalSessionLost)[];

/**
 * The locale key that words a task's reason (`common.taskReasons.<code>`), or undefined for a code
 * this build does not know (shown as it is rather than as a missing key).
 */
export function taskReasonKey(code: string): string | undefined {
  return Object.hasOwn(WORDED, code) ? `common.taskReasons.${code}` : undefined;
}
