import { freeSlotStats } from "@slotpilot/db";
import { AppError } from "@slotpilot/domain";
import { Hono } from "hono";
import { z } from "zod";
import { createCalendarCache } from "../calendar-cache.ts";
import type { ApiDeps, AppEnv } from "../context.ts";
import { validate } from "../validate.ts";
import { parseBoxType, parseSlotsQuery, parseWarehouseId } from "./slots-query.ts";

export interface SlotStatsResponse {
  warehouse: { id: number; name: string };
  /** The window the counts cover (ISO timestamps). */
  since: string;
  until: string;
  timeZone: "Europe/Moscow";
  /** How many times a free slot (coefficient 0, unloading allowed) appeared. */
  total: number;
  /** Index 0 = 00:00–00:59 Moscow time. */
  byHour: number[];
  /** Index 0 = Monday … 6 = Sunday. */
  byWeekday: number[];
}

const STATS_WINDOW_MS = 30 * 86_400_000;

// Every field is an optional string here; their meaning is checked by parseSlotsQuery so that each
// mistake gets its own localized message rather than a generic "invalid request".
const slotsQuery = z.object({
  from: z.string().optional(),
  to: z.string().optional(),
  boxTypeId: z.string().optional(),
  warehouseIds: z.string().optional(),
});
const statsQuery = z.object({ warehouseId: z.string().optional(), boxTypeId: z.string().optional() });

export type { SlotCellRow, SlotsResponse } from "../calendar-cache.ts";

/** `GET /api/slots` — the slot calendar; `GET /api/slots/stats` — when free slots tend to appear. */
export function slotsRoutes(deps: ApiDeps) {
  const now = () => deps.now?.() ?? new Date();
  const calendar = createCalendarCache(deps.db);
  return new Hono<AppEnv>()
    .get("/slots", validate("query", slotsQuery), async (c) => {
      const body = await calendar.get(parseSlotsQuery(c.req.valid("query"), now()));
      // The same for everyone: revalidated with its ETag, sent compressed to clients that take it.
      c.header("etag", body.etag);
      c.header("cache-control", "private, no-cache");
      c.header("vary", "accept-encoding");
      if (
        c.req
          .header("if-none-match")
          ?.split(/\s*,\s*/)
          .includes(body.etag)
      )
        return c.body(null, 304);
      if (/\bgzip\b/.test(c.req.header("accept-encoding") ?? "")) {
        c.header("content-encoding", "gzip");
        return c.body(new Uint8Array(body.gzip), 200, { "content-type": "application/json" });
      }
      return c.body(body.json, 200, { "content-type": "application/json" });
    })
    .get("/slots/stats", validate("query", statsQuery), async (c) => {
      const raw = c.req.valid("query");
      const warehouseId = parseWarehouseId(raw.warehouseId);
      const boxTypeId = raw.boxTypeId ? parseBoxType(raw.boxTypeId) : undefined;
      const until = now();
      const since = new Date(until.getTime() - STATS_WINDOW_MS);
      const stats = await freeSlotStats(deps.db, { warehouseId, boxTypeId, since });
      if (!stats) throw new AppError("slots.unknown_warehouse", { warehouseId });
      const body: SlotStatsResponse = {
        warehouse: stats.warehouse,
        since: since.toISOString(),
        until: until.toISOString(),
        timeZone: "Europe/Moscow",
        total: stats.total,
        byHour: stats.byHour,
        byWeekday: stats.byWeekday,
      };
      return c.json(body);
    });
}
