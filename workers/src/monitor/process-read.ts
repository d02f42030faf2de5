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
  type CalendarCell,
  changeKind,
  type Decision,
  diffFeed,
  type FeedDiff,
  type FeedRow,
  matchSlots,
  SlotCalendar,
  type SlotChange,
  STEADY,
  type TaskIndex,
} from "@slotpilot/domain";

/** A decision as stored in `slot_decisions`: what the fast path (the booker) is handed. */
export type StoredDecision = Decision & RecordedSlotDecision;

/** Warehouse names as last written, so a read upserts only the ones that are new or renamed. */
export type WarehouseNames = Map<number, { name: string; isSortingCenter: boolean }>;

export interface ProcessedRead {
  /** What the read changed in the calendar: `calendar.apply(diff)` once processRead returned. */
  diff: FeedDiff;
  changes: readonly SlotChange[];
  /** Every decision matching made, stored now or by an earlier attempt at the same read. */
  decisions: readonly Decision[];
  /** The decisions this read stored (and handed off): none that an earlier attempt stored. */
  stored: readonly StoredDecision[];
  warehouses: readonly WarehouseRow[];
}

/** The persisted calendar as a diff base. Loaded cells count as steady so a restart repeats no news. */
export function calendarFrom(rows: readonly SlotCellRow[]): SlotCalendar {
  return new SlotCalendar(
    rows.map(
      (r): CalendarCell => ({
        warehouseId: r.warehouse_id,
        date: r.date,
        boxTypeId: r.box_type_id as CalendarCell["boxTypeId"],
        coefficient: r.coefficient,
        allowUnload: r.allow_unload,
        since: r.since.getTime(),
        streak: STEADY,
        previous: null,
      }),
    ),
  );
}

function warehouseUpdates(rows: readonly FeedRow[], known: WarehouseNames): WarehouseRow[] {
  const updates: WarehouseRow[] = [];
  // Each warehouse is looked at once per read, though it has a row per day and box type.
  const checked = new Set<number>();
  let last = Number.NaN;
  for (const row of rows) {
    if (row.warehouseID === last || !row.warehouseName || checked.has(row.warehouseID)) continue;
    last = row.warehouseID;
    checked.add(row.warehouseID);
    const current = known.get(row.warehouseID);
    const isSortingCenter = row.isSortingCenter ?? current?.isSortingCenter ?? false;
    if (current?.name === row.warehouseName && current.isSortingCenter === isSortingCenter) continue;
    updates.push({ id: row.warehouseID, name: row.warehouseName, is_sorting_center: isSortingCenter });
  }
  return updates;
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
 * advanced (the caller applies the diff only when this returns; a restarted process loads the
 * stored calendar), so the next read
 * finds the same changes again and matches the same decisions; an opening is named by the state the
 * cell opened from (`openingOf`), not by when it was seen, so each decision comes back with the same
 * (task, opening) and `slot_decisions`' unique key makes storing it again a no-op — no second alert,
 * no second event, no second hand-off. The booker claims stored rows it was not told about (the
 * process died before telling it) from the table.
 */
export async function processRead(
  db: Db,
  input: {
    calendar: SlotCalendar;
    rows: readonly FeedRow[];
    now: number;
    tasks: TaskIndex;
    warehouses: WarehouseNames;
  },
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
  return { diff, changes: diff.changes, decisions, stored, warehouses };
}
