import type { BoxTypeId } from "./cell.ts";
import { slotOf } from "./slot-calendar.ts";
import type { MatchTask } from "./task.ts";

/**
 * Active tasks indexed by (warehouse, box type), so a slot change looks only at the tasks that
 * could want it. Kept up to date incrementally as tasks come and go.
 */
export class TaskIndex {
  private readonly byId = new Map<number, MatchTask>();
  private readonly bySlot = new Map<number, Map<number, MatchTask>>();

  constructor(tasks: Iterable<MatchTask> = []) {
    for (const task of tasks) this.put(task);
  }

  get size(): number {
    return this.byId.size;
  }

  get(id: number): MatchTask | undefined {
    return this.byId.get(id);
  }

  /** Adds or replaces a task. */
  put(task: MatchTask): void {
    this.remove(task.id);
    this.byId.set(task.id, task);
    for (const warehouseId of task.warehouses) {
      const slot = slotOf(warehouseId, task.boxTypeId);
      const tasks = this.bySlot.get(slot) ?? new Map<number, MatchTask>();
      this.bySlot.set(slot, tasks);
      tasks.set(task.id, task);
    }
  }

  remove(id: number): void {
    const task = this.byId.get(id);
    if (!task) return;
    this.byId.delete(id);
    for (const warehouseId of task.warehouses) this.bySlot.get(slotOf(warehouseId, task.boxTypeId))?.delete(id);
  }

  /** Tasks that watch this warehouse for this box type. */
  at(warehouseId: number, boxTypeId: BoxTypeId): Iterable<MatchTask> {
    return this.bySlot.get(slotOf(warehouseId, boxTypeId))?.values() ?? [];
  }
}
