import { sql, type Transaction } from "kysely";
import type { Db } from "./connect.ts";
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

// Well under PostgreSQL's 65,535 bind parameters per statement.
const CHUNK = 1_000;

function chunks<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK));
  return out;
}

/** Upserts the changed cells and warehouse names and appends the change history. */
export async function saveSlotRead(trx: Transaction<Database>, read: SlotRead): Promise<void> {
  for (const part of chunks(read.warehouses)) {
    await trx
      .insertInto("warehouses")
      .values(part.map((w) => ({ ...w, updated_at: read.at })))
      .onConflict((oc) =>
        oc.column("id").doUpdateSet({
          name: (eb) => eb.ref("excluded.name"),
          is_sorting_center: (eb) => eb.ref("excluded.is_sorting_center"),
          updated_at: (eb) => eb.ref("excluded.updated_at"),
        }),
      )
      .execute();
  }
  for (const part of chunks(read.cells)) {
    await trx
      .insertInto("slot_cells")
      .values(part.map((c) => ({ ...c, seen_at: read.at })))
      .onConflict((oc) =>
        oc.columns(["warehouse_id", "date", "box_type_id"]).doUpdateSet({
          coefficient: (eb) => eb.ref("excluded.coefficient"),
          allow_unload: (eb) => eb.ref("excluded.allow_unload"),
          since: (eb) => eb.ref("excluded.since"),
          seen_at: (eb) => eb.ref("excluded.seen_at"),
        }),
      )
      .execute();
  }
  for (const part of chunks(read.changes)) {
    await trx
      .insertInto("slot_changes")
      .values(part.map((c) => ({ ...c, at: read.at })))
      .execute();
  }
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
