import {
  type AppEvent,
  type Db,
  publishEvents,
  type SlotCellRow,
  type SlotRead,
  type StoredDecisionRow,
  saveSlotRead,
  storeDecisions,
  type WarehouseRow,
} from "@slotpilot/db";
import {
  type CalendarCell,
  cellKey,
  changeKind,
  type Decision,
  diffFeed,
  type FeedDiff,
  type FeedRow,
  type MatchTask,
  matchSlots,
  SlotCalendar,
  STEADY,
  type StandingMatch,
  type TaskIndex,
} from "@slotpilot/domain";

/**
 * A decision as stored: what the fast path (the booker) is handed. A `book` decision its task took
 * is a booking (`bookingId`); any other decision is a `slot_decisions` row (`decisionId`).
 */
export type StoredDecision = Decision & { cabinetId: number; decisionId?: number; bookingId?: number };

function storedDecision(d: Decision, row: StoredDecisionRow): StoredDecision {
  const stored: StoredDecision = {
    taskId: d.taskId,
    organizationId: row.organizationId,
    cabinetId: row.cabinetId,
    action: d.action,
    warehouseId: d.warehouseId,
    date: d.date,
    boxTypeId: d.boxTypeId,
    coefficient: d.coefficient,
    priority: d.priority,
    opening: d.opening,
  };
  if (row.decisionId !== null) stored.decisionId = row.decisionId;
  if (row.bookingId !== null) stored.bookingId = row.bookingId;
  return stored;
}

/** Warehouse names as last written, so a read upserts only the ones that are new or renamed. */
export type WarehouseNames = Map<number, { name: string; isSortingCenter: boolean }>;

/** What a read changed in the calendar, worked out from its rows before anything is written. */
export interface ReadDiff {
  at: Date;
  /** What the read changed in the calendar: `calendar.apply(diff)` once `storeRead` returned. */
  diff: FeedDiff;
  /** Warehouse names that are new or renamed. */
  warehouses: readonly WarehouseRow[];
  /** Names for the alerts: the warehouses as known, with this read's updates. */
  nameOf: (warehouseId: number) => string;
}

/** What a read means: its diff and every decision matching made of it. */
export interface ReadPlan extends ReadDiff {
  /** Every decision matching made (some may have been stored by an earlier attempt at the read). */
  decisions: readonly Decision[];
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
 * A read's diff against the calendar. Pure work, no I/O, and nothing in it refers to the read's
 * rows: they can be collected before anything waits on the database (a whole feed a read, held
 * across a wait, is copied by the young generation's collections and then promoted).
 */
export function diffRead(input: {
  calendar: SlotCalendar;
  rows: readonly FeedRow[];
  now: number;
  warehouses: WarehouseNames;
}): ReadDiff {
  const diff = diffFeed(input.calendar, input.rows, input.now);
  const warehouses = warehouseUpdates(input.rows, input.warehouses);
  const known = input.warehouses;
  const names = new Map(warehouses.map((w) => [w.id, w.name]));
  return {
    at: new Date(input.now),
    diff,
    warehouses,
    nameOf: (id) => names.get(id) ?? known.get(id)?.name ?? `#${id}`,
  };
}

/**
 * A read's decisions: its changes and confirmations matched against the active tasks, and the tasks
 * that start hunting (`starting`: created, resumed, edited) against the cells open as the read
 * leaves the calendar (`StandingMatch`). Pure.
 */
export function decideRead(
  read: ReadDiff,
  tasks: TaskIndex,
  starting: { tasks: readonly MatchTask[]; calendar: SlotCalendar } = { tasks: [], calendar: EMPTY_CALENDAR },
): ReadPlan {
  const { diff } = read;
  const standing = starting.tasks.length === 0 ? undefined : standingMatch(starting.tasks, starting.calendar, diff);
  const decisions =
    diff.changes.length + diff.confirmations.length === 0 && !standing
      ? []
      : matchSlots([...diff.changes, ...diff.confirmations], tasks, read.at.getTime(), standing);
  return { ...read, decisions };
}

const EMPTY_CALENDAR = new SlotCalendar();

/** The calendar as a read leaves it: its updates over the stored calendar (applied only once stored). */
function standingMatch(tasks: readonly MatchTask[], calendar: SlotCalendar, diff: FeedDiff): StandingMatch {
  const updated = new Map(diff.updates.map((cell) => [cellKey(cell), cell]));
  return {
    tasks,
    cellAt: (warehouseId, boxTypeId, date) => {
      const key = { warehouseId, boxTypeId: boxTypeId as CalendarCell["boxTypeId"], date };
      const cell = updated.get(cellKey(key)) ?? calendar.get(key);
      // Rolled off: a day before the read's is no cell any more.
      return cell && cell.date >= diff.today ? cell : undefined;
    },
  };
}

/** The decisions' transaction: see `storeRead`. */
function storeReadDecisions(db: Db, plan: ReadPlan): Promise<StoredDecision[]> {
  const { at, decisions } = plan;
  return db.transaction().execute(async (trx) => {
    const rows = await storeDecisions(
      trx,
      decisions.map((d) => (d.action === "alert" ? { ...d, warehouseName: plan.nameOf(d.warehouseId) } : d)),
      at,
    );
    const recorded = rows.map((row) => storedDecision(decisions[row.index] as Decision, row));
    const events: AppEvent[] = recorded.map((d) => ({
      type: "task.decision",
      organizationId: d.organizationId,
      taskId: d.taskId,
      action: d.action,
      warehouseId: d.warehouseId,
      date: d.date,
      boxTypeId: d.boxTypeId,
      coefficient: d.coefficient,
    }));
    for (const [i, row] of rows.entries()) {
      if (row.taskStatus === null) continue;
      const d = recorded[i] as StoredDecision;
      events.push({ type: "task.updated", organizationId: d.organizationId, taskId: d.taskId, status: row.taskStatus });
    }
    await publishEvents(trx, events);
    return recorded;
  });
}

/** The read's bookkeeping — changed cells, their history, new warehouse names, `slots.changed` — if any. */
function bookkeepingOf(plan: ReadPlan): { read: SlotRead; events: AppEvent[] } | undefined {
  const { at, diff, warehouses } = plan;
  if (diff.upserts.length + warehouses.length === 0) return undefined;
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
  const events: AppEvent[] =
    diff.changes.length === 0
      ? []
      : [
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
        ];
  return { read, events };
}

/**
 * Stores a planned read in two short steps, each a constant number of statements however many
 * changes and decisions the read brings:
 *
 * 1. The decisions, in one transaction of two statements (`storeDecisions`, then their events):
 *    a booking for each book decision its task takes, a `slot_decisions` row for every other
 *    decision, the alerts' messages in the outbox. Once it commits, `handOff` is told of the
 *    decisions it stored — the booker's fast path — before anything else is written.
 * 2. The bookkeeping, in one statement (`saveSlotRead`, atomic by itself): changed cells, their
 *    history, new warehouse names, the `slots.changed` event. (Written beside the decisions on a
 *    second connection it only slowed them: both compete for the same two cores.)
 *
 * Nothing is lost or done twice whichever step fails or the process dies in between. A failed
 * decision transaction wrote nothing. If the bookkeeping does not commit, the calendar was not
 * advanced (the caller applies the diff only once this returned; a restarted process loads the
 * stored calendar), so the next read finds the same changes again and matches the same decisions.
 * An opening is named by the state the cell opened from (`openingOf`), not by when it was seen, so
 * each decision comes back with the same (task, opening), and the unique keys of `slot_decisions`
 * and `bookings` make storing it again a no-op: no second alert, no second event, no second
 * hand-off. Bookings the fast path was never told about (the process died first) wait in their
 * table for the booker to claim. Returns the decisions this call stored.
 */
export async function storeRead(
  db: Db,
  plan: ReadPlan,
  handOff: (decisions: readonly StoredDecision[]) => void = () => {},
): Promise<readonly StoredDecision[]> {
  const stored = plan.decisions.length === 0 ? [] : await storeReadDecisions(db, plan);
  if (stored.length > 0) handOff(stored);
  const bookkeeping = bookkeepingOf(plan);
  if (bookkeeping) await saveSlotRead(db, bookkeeping.read, bookkeeping.events);
  return stored;
}
