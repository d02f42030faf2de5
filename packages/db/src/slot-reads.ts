import { sql, type Transaction } from "kysely";
import type { Db } from "./connect.ts";
import { type AppEvent, notifySql } from "./events.ts";
import type { Database, SlotCellsTable, SlotChangesTable } from "./schema.ts";

export type SlotCellRow = Omit<SlotCellsTable, "seen_at">;
export type SlotChangeRow = Omit<SlotChangesTable, "id" | "at">;
export interface WarehouseRow {
  id: number;
  name: string;
  is_sorting_center: boolean;
}

/** What one read of the slot feed changed, written in one transaction. */
export interface SlotRead {
  at: Date;
  cells: readonly SlotCellRow[];
  changes: readonly SlotChangeRow[];
  warehouses: readonly WarehouseRow[];
}

/**
 * Upserts the changed cells and warehouse names, appends the change history and publishes `events`
 * (delivered at commit): one statement, so one round trip and atomic without a transaction of its
 * own, however many rows (they travel as JSON parameters, not a bind parameter apiece).
 */
export async function saveSlotRead(
  db: Db | Transaction<Database>,
  read: SlotRead,
  events: readonly AppEvent[] = [],
): Promise<void> {
  const changes = read.changes.map((c, n) => ({ ...c, n }));
  await sql`
    with w as (
      insert into warehouses (id, name, is_sorting_center, updated_at)
      select w.id, w.name, w.is_sorting_center, ${read.at}
      from json_to_recordset(${JSON.stringify(read.warehouses)}::json) as w(id integer, name text, is_sorting_center boolean)
      on conflict (id) do update set
        name = excluded.name, is_sorting_center = excluded.is_sorting_center, updated_at = excluded.updated_at
    ), c as (
      insert into slot_cells (warehouse_id, date, box_type_id, coefficient, allow_unload, since, seen_at)
      select c.warehouse_id, c.date, c.box_type_id, c.coefficient, c.allow_unload, c.since, ${read.at}
      from json_to_recordset(${JSON.stringify(read.cells)}::json) as c(
        warehouse_id integer, date date, box_type_id smallint, coefficient smallint, allow_unload boolean,
        since timestamptz)
      on conflict (warehouse_id, date, box_type_id) do update set
        coefficient = excluded.coefficient, allow_unload = excluded.allow_unload, since = excluded.since,
        seen_at = excluded.seen_at
    ), h as (
      insert into slot_changes (warehouse_id, date, box_type_id, kind, coefficient, allow_unload, previous_coefficient, at)
      select c.warehouse_id, c.date, c.box_type_id, c.kind, c.coefficient, c.allow_unload, c.previous_coefficient, ${read.at}
      from json_to_recordset(${JSON.stringify(changes)}::json) as c(
        n integer, warehouse_id integer, date date, box_type_id smallint, kind text, coefficient smallint,
        allow_unload boolean, previous_coefficient smallint)
      order by c.n
    )
    ${notifySql(events)}`.execute(db);
}

/** The calendar as last persisted, from `fromDate` (`YYYY-MM-DD`) on. */
export async function loadSlotCells(db: Db, fromDate: string): Promise<SlotCellRow[]> {
  return db
    .selectFrom("slot_cells")
    .select(["warehouse_id", "date", "box_type_id", "coefficient", "allow_unload", "since"])
    .where("date", ">=", fromDate)
    .execute();
}

export async function loadWarehouses(db: Db): Promise<WarehouseRow[]> {
  return db.selectFrom("warehouses").select(["id", "name", "is_sorting_center"]).execute();
}

/** The rolling window: history older than `historyBefore`, cells dated before `cellsBefore`. */
export async function pruneSlotHistory(
  db: Db,
  bounds: { historyBefore: Date; cellsBefore: string },
): Promise<{ changes: number; cells: number }> {
  const changes = await db.deleteFrom("slot_changes").where("at", "<", bounds.historyBefore).executeTakeFirst();
  const cells = await db
    .deleteFrom("slot_cells")
    .where("date", "<", sql<string>`${bounds.cellsBefore}::date`)
    .executeTakeFirst();
  return { changes: Number(changes.numDeletedRows), cells: Number(cells.numDeletedRows) };
}
