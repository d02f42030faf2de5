import { sql } from "kysely";
import type { Db } from "./connect.ts";

export interface FreeSlotStats {
  warehouse: { id: number; name: string };
  /** Free openings seen at each hour of the day, Moscow time: index 0 = 00:00–00:59. */
  byHour: number[];
  /** Free openings seen on each weekday, Moscow time: index 0 = Monday … 6 = Sunday. */
  byWeekday: number[];
  total: number;
}

/**
 * When free slots tend to appear at one warehouse: every change in the history window that made a
 * cell free and bookable (coefficient 0 with unloading allowed) — a cell that opened free, or an
 * open cell whose coefficient dropped to 0 — counted by the Moscow hour and weekday it happened.
 * Moscow, because WB's and the sellers' day runs on Moscow time. Null for an unknown warehouse.
 */
export async function freeSlotStats(
  db: Db,
  query: { warehouseId: number; boxTypeId?: number | undefined; since: Date },
): Promise<FreeSlotStats | null> {
  const warehouse = await db
    .selectFrom("warehouses")
    .where("id", "=", query.warehouseId)
    .select(["id", "name"])
    .executeTakeFirst();
  if (!warehouse) return null;

  const moscow = sql`(slot_changes.at at time zone 'Europe/Moscow')`;
  let q = db
    .selectFrom("slot_changes")
    .where("warehouse_id", "=", query.warehouseId)
    .where("at", ">=", query.since)
    .where("coefficient", "=", 0)
    .where("allow_unload", "=", true)
    .where((eb) =>
      eb.or([
        eb("kind", "=", "opened"),
        eb.and([eb("kind", "=", "changed"), eb("previous_coefficient", "is distinct from", 0)]),
      ]),
    )
    .select([
      sql<number>`extract(hour from ${moscow})::int`.as("hour"),
      // isodow: 1 = Monday … 7 = Sunday.
      sql<number>`extract(isodow from ${moscow})::int`.as("isoWeekday"),
      sql<number>`count(*)::int`.as("count"),
    ])
    .groupBy(["hour", "isoWeekday"]);
  if (query.boxTypeId !== undefined) q = q.where("box_type_id", "=", query.boxTypeId);
  const rows = await q.execute();

  const byHour = Array.from({ length: 24 }, () => 0);
  const byWeekday = Array.from({ length: 7 }, () => 0);
  let total = 0;
  for (const row of rows) {
    byHour[row.hour] = (byHour[row.hour] ?? 0) + row.count;
    byWeekday[row.isoWeekday - 1] = (byWeekday[row.isoWeekday - 1] ?? 0) + row.count;
    total += row.count;
  }
  return { warehouse, byHour, byWeekday, total };
}
