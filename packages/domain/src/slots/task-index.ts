import type { BoxTypeId } from "./cell.ts";
import { slotOf } from "./slot-calendar.ts";
import { type MatchTask, readsToAct } from "./task.ts";

/** (warehouse, box type, the read the task acts at) as one number. */
const keyOf = (warehouseId: number, boxTypeId: number, read: number) => slotOf(warehouseId, boxTypeId) * 2 + read - 1;

interface Slot {
  byId: Map<number, MatchTask>;
  /** The same tasks as an array, rebuilt after a change: matching walks it for every change. */
  list: MatchTask[] | null;
}

const NONE: readonly MatchTask[] = [];

/**
 * Active tasks indexed by (warehouse, box type) and by the read of a cell they act at (first sight
 * or the confirming second read), so a slot change looks only at the tasks that could want it.
 * Kept up to date incrementally as tasks come and go.
 */
export class TaskIndex {
  private readonly byId = new Map<number, MatchTask>();
  private readonly bySlot = new Map<number, Slot>();

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
      const key = keyOf(warehouseId, task.boxTypeId, readsToAct(task));
      let slot = this.bySlot.get(key);
      if (!slot) {
        slot = { byId: new Map(), list: null };
        this.bySlot.set(key, slot);
      }
      slot.byId.set(task.id, task);
      slot.list = null;
    }
  }

  remove(id: number): void {
    const task = this.byId.get(id);
    if (!task) return;
    this.byId.delete(id);
    for (const warehouseId of task.warehouses) {
      const slot = this.bySlot.get(keyOf(warehouseId, task.boxTypeId, readsToAct(task)));
      if (slot?.byId.delete(id)) slot.list = null;
    }
  }

  /** Tasks that watch this warehouse for this box type and act at this read of a cell (1 or 2). */
  at(warehouseId: number, boxTypeId: BoxTypeId, read: number): readonly MatchTask[] {
    if (read !== 1 && read !== 2) return NONE;
    const slot = this.bySlot.get(keyOf(warehouseId, boxTypeId, read));
    if (!slot) return NONE;
    slot.list ??= [...slot.byId.values()];
    return slot.list;
  }
}
