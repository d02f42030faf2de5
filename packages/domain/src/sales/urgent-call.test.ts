import { describe, expect, it } from "vitest";
import { type CallPreferences, decideUrgentCall } from "./urgent-call.ts";

const opted: CallPreferences = { callOptIn: true, quietHoursStart: 23 * 60, quietHoursEnd: 8 * 60, dailyCallCap: 2 };
const base = { preferences: opted, minute: 12 * 60, callsToday: 0, hasUsername: true, healthyAccounts: 1 };

describe("decideUrgentCall", () => {
  it.each([
    ["opted in, midday, nothing called yet", {}, "call"],
    ["not opted in", { preferences: { ...opted, callOptIn: false } }, "not_opted_in"],
    ["23:30 is quiet", { minute: 23 * 60 + 30 }, "quiet_hours"],
    ["07:59 is quiet", { minute: 7 * 60 + 59 }, "quiet_hours"],
    ["08:00 is not", { minute: 8 * 60 }, "call"],
    [
      "no quiet hours at all",
      { preferences: { ...opted, quietHoursStart: null, quietHoursEnd: null }, minute: 3 * 60 },
      "call",
    ],
    ["cap reached", { callsToday: 2 }, "cap_reached"],
    ["a cap of 0 never calls", { preferences: { ...opted, dailyCallCap: 0 } }, "cap_reached"],
    ["no username to reach them by", { hasUsername: false }, "no_username"],
    ["no healthy account", { healthyAccounts: 0 }, "no_account"],
  ] as const)("%s → %s", (_, overrides, outcome) => {
    const decision = decideUrgentCall({ ...base, ...overrides });
    expect(decision.call ? "call" : decision.reason).toBe(outcome);
  });
});
