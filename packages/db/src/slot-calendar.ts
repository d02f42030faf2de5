import type { Db } from "./connect.ts";

export interface SlotCalendarQuery {
  /** Inclusive `YYYY-MM-DD` bounds. */
  from: string;
  to: string;
  boxTypeId?: number | undefined;
  warehouseIds?: readonly number[] | undefined;
}

export interface SlotCalendarCell {
  warehouseId: number;
  date: string;
  boxTypeId: number;
  coefficient: number;
  allowUnload: boolean;
  /** When the cell's current state was first seen. */
  since: Date;
  /** When the monitor last wrote the cell. */
  seenAt: Date;
  /** Null when WB listed the cell before the warehouse reached our directory. */
  warehouseName: string | null;
  isSortingCenter: boolean | null;
}

/** The slot calendar between two dates, ordered by warehouse, date and box type. */
export async function listSlotCells(db: Db, query: SlotCalendarQuery): Promise<SlotCalendarCell[]> {
  let q = db
    .selectFrom("slot_cells")
    .leftJoin("warehouses", "warehouses.id", "slot_cells.warehouse_id")
    .where("slot_cells.date", ">=", query.from)
    .where("slot_cells.date", "<=", query.to)
    .select([
      "slot_cells.warehouse_id as warehouseId",
      "slot_cells.date as date",
      "slot_cells.box_type_id as boxTypeId",
      "slot_cells.coefficient as coefficient",
      "slot_cells.allow_unload as allowUnload",
      "slot_cells.since as since",
      "slot_cells.seen_at as seenAt",
      "warehouses.name as warehouseName",
      "warehouses.is_sorting_center as isSortingCenter",
    ])
    .orderBy("slot_cells.warehouse_id")
    .orderBy("slot_cells.date")
    .orderBy("slot_cells.box_type_id");
  if (query.boxTypeId !== undefined) q = q.where("slot_cells.box_type_id", "=", query.boxTypeId);
  if (query.warehouseIds?.length) q = q.where("slot_cells.warehouse_id", "in", query.warehouseIds);
  return q.execute();
}
