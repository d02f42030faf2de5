import {
  type AppEvent,
  type Db,
  enqueueSlotAlerts,
  publishEvents,
  type RecordedSlotDecision,
  recordSlotDecisions,
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

/** A decision as stored in `slot_decisions`: what the fast path (the booker) is handed. */
export type StoredDecision = Decision & RecordedSlotDecision;

/** Warehouse names as last written, so a read upserts only the ones that are new or renamed. */
export type WarehouseNames = Map<number, { name: string; isSortingCenter: boolean }>;

export interface ProcessedRead {
  /** The calendar after this read: adopt it only because the bookkeeping committed. */
  next: Map<string, CalendarCell>;
  changes: readonly SlotChange[];
  /** Every decision matching made, stored now or by an earlier attempt at the same read. */
  decisions: readonly Decision[];
  /** The decisions this read stored (and handed off): none that an earlier attempt stored. */
  stored: readonly StoredDecision[];
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
 * against the active tasks, then two short transactions, each a constant number of statements
 * however many changes and decisions the read brings:
 *
 * 1. The decisions: every one into `slot_decisions`, their alert messages into the outbox and their
 *    `task.decision` events. Once it commits, `handOff` is told of the decisions it stored — the
 *    booker's fast path — before anything else is written.
 * 2. The bookkeeping: changed cells, their history, new warehouse names, `slots.changed` events.
 *
 * Nothing is lost or done twice whichever step fails or the process dies in between. A failed
 * decision transaction wrote nothing. If the bookkeeping does not commit, the calendar was not
 * advanced (the caller keeps its own, a restarted process loads the stored one), so the next read
 * finds the same changes again and matches the same decisions; an opening is named by the state the
 * cell opened from (`openingOf`), not by when it was seen, so each decision comes back with the same
 * (task, opening) and `slot_decisions`' unique key makes storing it again a no-op — no second alert,
 * no second event, no second hand-off. The booker claims stored rows it was not told about (the
 * process died before telling it) from the table.
 */
export async function processRead(
  db: Db,
  input: { calendar: Calendar; rows: readonly FeedRow[]; now: number; tasks: TaskIndex; warehouses: WarehouseNames },
  handOff: (decisions: readonly StoredDecision[]) => void = () => {},
): Promise<ProcessedRead> {
  const { now } = input;
  const at = new Date(now);
  const diff = diffFeed(input.calendar, input.rows, now);
  const decisions =
    diff.changes.length + diff.confirmations.length === 0
      ? []
      : matchSlots([...diff.changes, ...diff.confirmations], input.tasks, now);
  const warehouses = warehouseUpdates(input.rows, input.warehouses);

  let stored: StoredDecision[] = [];
  if (decisions.length > 0) {
    const names = new Map(warehouses.map((w) => [w.id, w.name]));
    const nameOf = (id: number) => names.get(id) ?? input.warehouses.get(id)?.name ?? `#${id}`;
    stored = await db.transaction().execute(async (trx) => {
      const recorded = await recordSlotDecisions(trx, decisions, at);
      await enqueueSlotAlerts(
        trx,
        recorded
          .filter((d) => d.action === "alert")
          .map((d) => ({
            organizationId: d.organizationId,
            taskId: d.taskId,
            warehouseId: d.warehouseId,
            warehouseName: nameOf(d.warehouseId),
            date: d.date,
            boxTypeId: d.boxTypeId,
            coefficient: d.coefficient,
            opening: d.opening,
          })),
      );
      await publishEvents(
        trx,
        recorded.map(
          (d): AppEvent => ({
            type: "task.decision",
            organizationId: d.organizationId,
            taskId: d.taskId,
            action: d.action,
            warehouseId: d.warehouseId,
            date: d.date,
            boxTypeId: d.boxTypeId,
            coefficient: d.coefficient,
          }),
        ),
      );
      return recorded;
    });
    if (stored.length > 0) handOff(stored);
  }

  if (diff.upserts.length + warehouses.length > 0) {
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
        await publishEvents(trx, [
          {
            type: "slots.changed",
            changes: diff.changes.map((c) => ({
              warehouseId: c.warehouseId,
              date: c.date,
              boxTypeId: c.boxTypeId,
              coefficient: c.coefficient,
              allowUnload: c.allowUnload,
              kind: changeKind(c),
            })),
          },
        ]);
      }
    });
  }
  return { next: diff.next, changes: diff.changes, decisions, stored, warehouses };
}
