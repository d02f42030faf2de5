import {
  type Db,
  enqueueSlotAlert,
  publishEvent,
  type SlotCellRow,
  type SlotRead,
  saveSlotRead,
  type WarehouseRow,
} from "@slotpilot/db";
import {
  type Calendar,
  type CalendarCell,
  changeKind,
  type Decision,
  diffFeed,
  type FeedRow,
  matchSlots,
  type SlotChange,
  STEADY,
  type TaskIndex,
} from "@slotpilot/domain";

/** Warehouse names as last written, so a read upserts only the ones that are new or renamed. */
export type WarehouseNames = Map<number, { name: string; isSortingCenter: boolean }>;

export interface ProcessedRead {
  /** The calendar after this read: adopt it only because the transaction committed. */
  next: Map<string, CalendarCell>;
  changes: readonly SlotChange[];
  decisions: readonly Decision[];
  warehouses: readonly WarehouseRow[];
}

/** The persisted calendar as a diff base. Loaded cells count as steady so a restart repeats no news. */
export function calendarFrom(rows: readonly SlotCellRow[]): Map<string, CalendarCell> {
  const calendar = new Map<string, CalendarCell>();
  for (const r of rows) {
    const boxTypeId = r.box_type_id as CalendarCell["boxTypeId"];
    calendar.set(`${r.warehouse_id}:${r.date}:${boxTypeId}`, {
      warehouseId: r.warehouse_id,
      date: r.date,
      boxTypeId,
      coefficient: r.coefficient,
      allowUnload: r.allow_unload,
      since: r.since.getTime(),
      streak: STEADY,
      previous: null,
    });
  }
  return calendar;
}

function warehouseUpdates(rows: readonly FeedRow[], known: WarehouseNames): WarehouseRow[] {
  const updates = new Map<number, WarehouseRow>();
  for (const row of rows) {
    if (!row.warehouseName || updates.has(row.warehouseID)) continue;
    const current = known.get(row.warehouseID);
    const isSortingCenter = row.isSortingCenter ?? current?.isSortingCenter ?? false;
    if (current?.name === row.warehouseName && current.isSortingCenter === isSortingCenter) continue;
    updates.set(row.warehouseID, { id: row.warehouseID, name: row.warehouseName, is_sorting_center: isSortingCenter });
  }
  return [...updates.values()];
}

/**
 * One read through the pipeline: diff against the calendar, match the changes and confirmations
 * against the active tasks, then write everything in one transaction — changed cells, the history,
 * new warehouse names, the `slots.changed` event, alert messages and `task.decision` events. If the
 * transaction fails, nothing happened: the caller keeps its calendar and the next read repeats the
 * same changes, so none is lost and none is announced twice.
 */
export async function processRead(
  db: Db,
  input: { calendar: Calendar; rows: readonly FeedRow[]; now: number; tasks: TaskIndex; warehouses: WarehouseNames },
): Promise<ProcessedRead> {
  const { now } = input;
  const diff = diffFeed(input.calendar, input.rows, now);
  const decisions =
    diff.changes.length + diff.confirmations.length === 0
      ? []
      : matchSlots([...diff.changes, ...diff.confirmations], input.tasks, now);
  const warehouses = warehouseUpdates(input.rows, input.warehouses);
  const nameOf = (id: number) =>
    warehouses.find((w) => w.id === id)?.name ?? input.warehouses.get(id)?.name ?? `#${id}`;

  if (diff.upserts.length + warehouses.length + decisions.length > 0) {
    const at = new Date(now);
    const read: SlotRead = {
      at,
      warehouses,
      cells: diff.upserts.map((c) => ({
        warehouse_id: c.warehouseId,
        date: c.date,
        box_type_id: c.boxTypeId,
        coefficient: c.coefficient,
        allow_unload: c.allowUnload,
        since: new Date(c.since),
      })),
      changes: diff.changes.map((c) => ({
        warehouse_id: c.warehouseId,
        date: c.date,
        box_type_id: c.boxTypeId,
        kind: changeKind(c),
        coefficient: c.coefficient,
        allow_unload: c.allowUnload,
        previous_coefficient: c.previous?.coefficient ?? null,
      })),
    };
    await db.transaction().execute(async (trx) => {
      await saveSlotRead(trx, read);
      if (diff.changes.length > 0) {
        await publishEvent(trx, {
          type: "slots.changed",
          changes: diff.changes.map((c) => ({
            warehouseId: c.warehouseId,
            date: c.date,
            boxTypeId: c.boxTypeId,
            coefficient: c.coefficient,
            allowUnload: c.allowUnload,
            kind: changeKind(c),
          })),
        });
      }
      for (const d of decisions) {
        if (d.action === "alert") {
          await enqueueSlotAlert(trx, {
            organizationId: d.organizationId,
            taskId: d.taskId,
            warehouseId: d.warehouseId,
            warehouseName: nameOf(d.warehouseId),
            date: d.date,
            boxTypeId: d.boxTypeId,
            coefficient: d.coefficient,
            opening: d.opening,
          });
        }
        // Book decisions are only announced for now: the booker that acts on them is the next issue.
        await publishEvent(trx, {
          type: "task.decision",
          organizationId: d.organizationId,
          taskId: d.taskId,
          action: d.action,
          warehouseId: d.warehouseId,
          date: d.date,
          boxTypeId: d.boxTypeId,
          coefficient: d.coefficient,
        });
      }
    });
  }
  return { next: diff.next, changes: diff.changes, decisions, warehouses };
}
