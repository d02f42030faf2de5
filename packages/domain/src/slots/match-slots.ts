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

function wants(task: MatchTask, change: SlotChange, today: string, now: number): boolean {
  return (
    !task.bookingInFlight &&
    (task.deadline === null || now <= task.deadline) &&
    change.date >= today &&
    change.date >= task.dateFrom &&
    change.date <= task.dateTo &&
    !task.skipDates.has(change.date) &&
    freshFor(task, change) &&
    (!task.planned || isBetterSlot(task.planned, change))
  );
}

/** A task's own preference among cells: its warehouse ranking, then cheaper, then earlier. */
function preferenceOf(task: MatchTask) {
  return (a: SlotChange, b: SlotChange) =>
    task.warehouses.indexOf(a.warehouseId) - task.warehouses.indexOf(b.warehouseId) ||
    a.coefficient - b.coefficient ||
    (a.date < b.date ? -1 : a.date > b.date ? 1 : 0);
}

function decision(task: MatchTask, change: SlotChange, action: Decision["action"], priority: number): Decision {
  return {
    taskId: task.id,
    organizationId: task.organizationId,
    warehouseId: change.warehouseId,
    date: change.date,
    boxTypeId: change.boxTypeId,
    coefficient: change.coefficient,
    action,
    priority,
    opening: openingOf(change),
  };
}

/**
 * Turns a batch of slot changes into booking and alert decisions. Pure: same input, same output.
 *
 * Tasks are served in priority order (see `compareTasks`). A booking task gets its most preferred
 * fresh cell that no more urgent task took in this batch; only when every cell it could use is
 * taken does it share one, after the tasks ahead of it. So our sellers are spread over the open
 * cells instead of racing each other for one. One booking decision per supply; alert tasks get one
 * decision per fresh cell.
 */
export function matchSlots(changes: readonly SlotChange[], tasks: TaskIndex, now: number): Decision[] {
  const today = new Date(now).toISOString().slice(0, 10);
  const candidates = new Map<number, { task: MatchTask; cells: SlotChange[] }>();
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

  const ordered = [...candidates.values()].sort((a, b) => compareTasks(a.task, b.task));
  const decisions: Decision[] = [];
  const taken = new Set<string>();
  const suppliesServed = new Set<string>();
  ordered.forEach(({ task, cells }, priority) => {
    cells.sort(preferenceOf(task));
    if (task.mode === "alert") {
      for (const cell of cells) decisions.push(decision(task, cell, "alert", priority));
      return;
    }
    if (suppliesServed.has(task.supplyKey)) return;
    const best = cells.find((cell) => !taken.has(cellKey(cell))) ?? cells[0];
    if (!best) return;
    taken.add(cellKey(best));
    suppliesServed.add(task.supplyKey);
    decisions.push(decision(task, best, "book", priority));
  });
  return decisions;
}
