import { inWindow } from "./pacing.ts";

/** Why a seller's Telegram may ring (the triggers are raised by the booking and billing work). */
export const URGENT_KINDS = ["portal_session_lost", "booking_failed", "plan_limit"] as const;
export type UrgentKind = (typeof URGENT_KINDS)[number];

export interface CallPreferences {
  callOptIn: boolean;
  quietHoursStart: number | null;
  quietHoursEnd: number | null;
  dailyCallCap: number;
}

export type CallDecision =
  | { call: true }
  | { call: false; reason: "not_opted_in" | "quiet_hours" | "cap_reached" | "no_username" | "no_account" };

/**
 * Whether an urgent alert also rings the seller: they opted in, it is not their quiet time, today's
 * calls are under their cap, a user account can reach them (by username) and one is healthy.
 * Otherwise the usual message goes alone.
 */
export function decideUrgentCall(input: {
  preferences: CallPreferences;
  /** Minute of the day, Moscow time. */
  minute: number;
  callsToday: number;
  hasUsername: boolean;
  healthyAccounts: number;
}): CallDecision {
  const p = input.preferences;
  if (!p.callOptIn) return { call: false, reason: "not_opted_in" };
  if (
    p.quietHoursStart !== null &&
    p.quietHoursEnd !== null &&
    p.quietHoursStart !== p.quietHoursEnd &&
    inWindow(input.minute, p.quietHoursStart, p.quietHoursEnd)
  ) {
    return { call: false, reason: "quiet_hours" };
  }
  if (input.callsToday >= p.dailyCallCap) return { call: false, reason: "cap_reached" };
  if (!input.hasUsername) return { call: false, reason: "no_username" };
  if (input.healthyAccounts === 0) return { call: false, reason: "no_account" };
  return { call: true };
}
