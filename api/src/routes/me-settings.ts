import { recordAudit } from "@slotpilot/db";
import { AppError } from "@slotpilot/domain";
import { Hono } from "hono";
import { sql } from "kysely";
import { z } from "zod";
import type { ApiDeps, AppEnv } from "../context.ts";
import type { UserCache } from "../middleware/user-cache.ts";
import { enforcePolicy } from "../policy.ts";
import { validate } from "../validate.ts";

export interface SellerSettings {
  /** Urgent alerts may ring the seller's Telegram (a missed call from a Slotpilot account). */
  callOptIn: boolean;
  /** No calls between these times (Moscow), e.g. 23:00–08:00; null = none. */
  quietHours: { start: string; end: string } | null;
  /** At most this many calls in 24 hours (0–10). */
  dailyCallCap: number;
}

const patch = z
  .object({
    callOptIn: z.boolean().optional(),
    quietHours: z.unknown().optional(),
    dailyCallCap: z.unknown().optional(),
  })
  .strict();

const hhmm = (minute: number) =>
  `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
const minutes = (value: unknown): number | null => {
  const m = typeof value === "string" ? value.match(/^([01]\d|2[0-3]):([0-5]\d)$/) : null;
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
};

const view = (u: {
  call_opt_in: boolean;
  quiet_hours_start: number | null;
  quiet_hours_end: number | null;
  daily_call_cap: number;
}): SellerSettings => ({
  callOptIn: u.call_opt_in,
  quietHours:
    u.quiet_hours_start !== null && u.quiet_hours_end !== null
      ? { start: hhmm(u.quiet_hours_start), end: hhmm(u.quiet_hours_end) }
      : null,
  dailyCallCap: u.daily_call_cap,
});

/**
 * `GET/PATCH /api/me/settings` — the seller's urgent-alert preferences. A minimal API: the Mini App
 * screen for them comes with another issue. Bad values get a localized error and change nothing.
 */
export function meSettingsRoutes(deps: ApiDeps, users: UserCache) {
  return new Hono<AppEnv>()
    .get("/me/settings", (c) => c.json({ settings: view(c.get("user")) }))
    .patch("/me/settings", validate("json", patch), async (c) => {
      const input = c.req.valid("json");
      const change: {
        call_opt_in?: boolean;
        quiet_hours_start?: number | null;
        quiet_hours_end?: number | null;
        daily_call_cap?: number;
      } = {};
      if (input.callOptIn === true && !c.get("user").call_opt_in) {
        await enforcePolicy(deps, c.get("organization").id, { type: "use_feature", feature: "call_alerts" });
      }
      if (input.callOptIn !== undefined) change.call_opt_in = input.callOptIn;
      if (input.quietHours !== undefined) {
        if (input.quietHours === null) {
          change.quiet_hours_start = null;
          change.quiet_hours_end = null;
        } else {
          const q = input.quietHours as { start?: unknown; end?: unknown };
          const start = minutes(q?.start);
          const end = minutes(q?.end);
          if (start === null || end === null || start === end) throw new AppError("settings.quiet_hours_invalid");
          change.quiet_hours_start = start;
          change.quiet_hours_end = end;
        }
      }
      if (input.dailyCallCap !== undefined) {
        const cap = input.dailyCallCap;
        if (typeof cap !== "number" || !Number.isInteger(cap) || cap < 0 || cap > 10) {
          throw new AppError("settings.call_cap_invalid");
        }
        change.daily_call_cap = cap;
      }
      const user = await deps.db.transaction().execute(async (trx) => {
        const updated = await trx
          .updateTable("users")
          .set({ ...change, updated_at: sql<Date>`now()` })
          .where("id", "=", c.get("user").id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordAudit(trx, { action: "user.settings_changed", actorUserId: updated.id, details: { ...input } });
        return updated;
      });
      users.set(user, c.get("organization"), Date.now());
      return c.json({ settings: view(user) });
    });
}
