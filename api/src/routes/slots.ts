import { freeSlotStats, listSlotCells } from "@slotpilot/db";
import { AppError } from "@slotpilot/domain";
import { Hono } from "hono";
import { z } from "zod";
import type { ApiDeps, AppEnv } from "../context.ts";
import { validate } from "../validate.ts";
import { parseBoxType, parseSlotsQuery, parseWarehouseId } from "./slots-query.ts";

/** One calendar cell: `[warehouseId, date, boxTypeId, coefficient, allowUnload, since]`. */
export type SlotCellRow = [
  warehouseId: number,
  date: string,
  boxTypeId: number,
  coefficient: number,
  allowUnload: boolean,
  /** Epoch ms when the cell's current state was first seen (its "updated at"). */
  since: number,
];

export interface SlotsResponse {
  from: string;
  to: string;
  /** Epoch ms of the monitor's latest read among these cells; null when there are none. */
  seenAt: number | null;
  /** Every warehouse that has a cell below (name null: WB listed the cell before its directory). */
  warehouses: { id: number; name: string | null; isSortingCenter: boolean }[];
  /** Rows rather than objects: a full calendar is ~5,600 cells and this keeps it a third the size. */
  cells: SlotCellRow[];
}

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

/** `GET /api/slots` — the slot calendar; `GET /api/slots/stats` — when free slots tend to appear. */
export function slotsRoutes(deps: ApiDeps) {
  const now = () => deps.now?.() ?? new Date();
  return new Hono<AppEnv>()
    .get("/slots", validate("query", slotsQuery), async (c) => {
      const query = parseSlotsQuery(c.req.valid("query"), now());
      const rows = await listSlotCells(deps.db, query);
      const warehouses = new Map<number, SlotsResponse["warehouses"][number]>();
      let seenAt: number | null = null;
      const cells = rows.map((r): SlotCellRow => {
        if (!warehouses.has(r.warehouseId)) {
          warehouses.set(r.warehouseId, {
            id: r.warehouseId,
            name: r.warehouseName,
            isSortingCenter: r.isSortingCenter ?? false,
          });
        }
        seenAt = Math.max(seenAt ?? 0, r.seenAt.getTime());
        return [r.warehouseId, r.date, r.boxTypeId, r.coefficient, r.allowUnload, r.since.getTime()];
      });
      const body: SlotsResponse = {
        from: query.from,
        to: query.to,
        seenAt,
        warehouses: [...warehouses.values()],
        cells,
      };
      return c.json(body);
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
