import { isBetterSlot } from "../booking/replan.ts";
import { bookableUnder, type CellKey, cellKey, openingOf, type SlotChange } from "./cell.ts";
import { compareTasks, type MatchTask, readsToAct } from "./task.ts";
import type { TaskIndex } from "./task-index.ts";

export interface Decision extends CellKey {
  taskId: number;
  organizationId: number;
  coefficient: number;
  action: "book" | "alert";
  /** 0 is the most urgent; decisions come sorted by it. */
  priority: number;
  /** Names this opening of this cell (see `openingOf`): a closed and reopened cell is a new one. */
  opening: string;
}

/** A change is news for a task only the moment the cell becomes bookable under the task's cap. */
function freshFor(task: MatchTask, change: SlotChange): boolean {
  return (
    change.streak === readsToAct(task) &&
    bookableUnder(change, task.maxCoefficient) &&
    !bookableUnder(change.previous, task.maxCoefficient)
  );
}

/** Everything but news: the task hunts, and the cell is in its range, days and re-plan rule. */
function inReach(task: MatchTask, change: SlotChange, today: string, now: number): boolean {
  return (
    !task.bookingInFlight &&
    (task.deadline === null || now <= task.deadline) &&
    change.date >= today &&
    change.date >= task.dateFrom &&
    change.date <= task.dateTo &&
    !task.skipDates.has(change.date) &&
    (!task.planned || isBetterSlot(task.planned, change))
  );
}

function wants(task: MatchTask, change: SlotChange, today: string, now: number): boolean {
  return freshFor(task, change) && inReach(task, change, today, now);
}

/**
 * A task that starts hunting (created, resumed, edited: see `StandingMatch`) can use a cell open
 * already: bookable under its cap and, with the flap guard, seen open on a second read.
 */
function standsFor(task: MatchTask, cell: SlotChange, today: string, now: number): boolean {
  return cell.streak >= readsToAct(task) && bookableUnder(cell, task.maxCoefficient) && inReach(task, cell, today, now);
}

/** An alert task that starts hunting is told of at most this many cells open already, its best. */
export const STANDING_ALERTS = 3;

/**
 * Tasks that start hunting at this read — created, resumed, edited — and the calendar as this read
 * leaves it: such a task has missed the moment its open cells opened, so it is matched against
 * them (`standsFor`). A booking decision made this way names its opening after the read as well
 * (`+<read time>`): the same cell may have been decided for the task before (found, then paused at
 * the plan's limit or by a lost session) and is worth another try now. A repeated read cannot book
 * twice: the task is in flight from the first store on. An alert keeps the cell's own opening, so
 * a resumed task is not told again of a cell it was told of.
 */
export interface StandingMatch {
  tasks: readonly MatchTask[];
  cellAt: (warehouseId: number, boxTypeId: number, date: string) => SlotChange | undefined;
}

const DAY_MS = 86_400_000;

/** The open cells a starting task can use now (see `StandingMatch`). */
function standingCells(task: MatchTask, standing: StandingMatch, today: string, now: number): SlotChange[] {
  const cells: SlotChange[] = [];
  const from = Math.max(Date.parse(`${task.dateFrom}T00:00:00Z`), Date.parse(`${today}T00:00:00Z`));
  const to = Date.parse(`${task.dateTo}T00:00:00Z`);
  for (const warehouseId of task.warehouses) {
    for (let day = from; day <= to; day += DAY_MS) {
      const cell = standing.cellAt(warehouseId, task.boxTypeId, new Date(day).toISOString().slice(0, 10));
      if (cell && standsFor(task, cell, today, now)) cells.push(cell);
    }
  }
  return cells;
}

/** A task's own preference among cells: its warehouse ranking, then cheaper, then earlier. */
function preferenceOf(task: MatchTask) {
  return (a: SlotChange, b: SlotChange) =>
    task.warehouses.indexOf(a.warehouseId) - task.warehouses.indexOf(b.warehouseId) ||
    a.coefficient - b.coefficient ||
    (a.date < b.date ? -1 : a.date > b.date ? 1 : 0);
}

function decision(
  task: MatchTask,
  change: SlotChange,
  action: Decision["action"],
  priority: number,
  standingAt?: number,
): Decision {
  return {
    taskId: task.id,
    organizationId: task.organizationId,
    warehouseId: change.warehouseId,
    date: change.date,
    boxTypeId: change.boxTypeId,
    coefficient: change.coefficient,
    action,
    priority,
    opening: standingAt === undefined ? openingOf(change) : `${openingOf(change)}+${standingAt}`,
  };
}

/**
 * Turns a batch of slot changes into booking and alert decisions. Pure: same input, same output.
 *
 * Tasks are served in priority order (see `compareTasks`). A booking task gets its most preferred
 * fresh cell that no more urgent task took in this batch; only when every cell it could use is
 * taken does it share one, after the tasks ahead of it. So our sellers are spread over the open
 * cells instead of racing each other for one. One booking decision per supply; alert tasks get one
 * decision per fresh cell. Tasks starting to hunt (`standing`) are matched against the cells open
 * already as well, and served in the same order.
 */
export function matchSlots(
  changes: readonly SlotChange[],
  tasks: TaskIndex,
  now: number,
  standing?: StandingMatch,
): Decision[] {
  const today = new Date(now).toISOString().slice(0, 10);
  const candidates = new Map<number, { task: MatchTask; cells: SlotChange[]; standing?: Set<SlotChange> }>();
  for (const change of changes) {
    // A cell no one can book is news to no task: skip the closings without looking at any task.
    if (!change.allowUnload || change.coefficient < 0) continue;
    // Only the tasks that act at this read of the cell (first sight or confirmation) can want it.
    const watching = tasks.at(change.warehouseId, change.boxTypeId, change.streak);
    for (let i = 0; i < watching.length; i++) {
      const task = watching[i] as MatchTask;
      if (!wants(task, change, today, now)) continue;
      const entry = candidates.get(task.id);
      if (entry) entry.cells.push(change);
      else candidates.set(task.id, { task, cells: [change] });
    }
  }
  for (const task of standing?.tasks ?? []) {
    const open = standingCells(task, standing as StandingMatch, today, now);
    if (open.length === 0) continue;
    const entry = candidates.get(task.id) ?? { task, cells: [] };
    // A cell this read brought as news is decided as news.
    const fresh = new Set(entry.cells.map(cellKey));
    const added = open.filter((cell) => !fresh.has(cellKey(cell)));
    if (added.length === 0) continue;
    entry.cells.push(...added);
    entry.standing = new Set(added);
    candidates.set(task.id, entry);
  }

  const ordered = [...candidates.values()].sort((a, b) => compareTasks(a.task, b.task));
  const decisions: Decision[] = [];
  const taken = new Set<string>();
  const suppliesServed = new Set<string>();
  ordered.forEach(({ task, cells, standing: open }, priority) => {
    cells.sort(preferenceOf(task));
    if (task.mode === "alert") {
      let told = 0;
      for (const cell of cells) {
        if (open?.has(cell) && told++ >= STANDING_ALERTS) continue;
        decisions.push(decision(task, cell, "alert", priority));
      }
      return;
    }
    if (suppliesServed.has(task.supplyKey)) return;
    const best = cells.find((cell) => !taken.has(cellKey(cell))) ?? cells[0];
    if (!best) return;
    taken.add(cellKey(best));
    suppliesServed.add(task.supplyKey);
    decisions.push(decision(task, best, "book", priority, open?.has(best) ? now : undefined));
  });
  return decisions;
}
