import { type Db, listTasksForMatching, type TaskForMatching } from "@slotpilot/db";
import {
  EMPTY_PLAN_STATE,
  isBoxTypeId,
  isMatched,
  isPlanId,
  type MatchTask,
  TaskIndex,
  tierOf,
} from "@slotpilot/domain";
import type { Logger } from "@slotpilot/observability";

const NO_DATES: ReadonlySet<string> = new Set();

/**
 * A booking task row as matching sees it. A preorder's warehouse is fixed (its first and only
 * one); a draft's candidates stay ranked. Undefined for a row matching cannot use.
 */
export function toMatchTask(row: TaskForMatching, now: Date = new Date()): MatchTask | undefined {
  if (!isBoxTypeId(row.box_type_id) || row.warehouse_ids.length === 0) return undefined;
  // Re-plan: a watching (or moving) task's supply is planned; only a better cell at its warehouse,
  // and one that just came under the planned coefficient, is news.
  const planned =
    (row.status === "watching" || row.status === "moving") &&
    row.planned_warehouse_id !== null &&
    row.planned_date !== null &&
    row.planned_coefficient !== null
      ? { warehouseId: row.planned_warehouse_id, date: row.planned_date, coefficient: row.planned_coefficient }
      : null;
  return {
    id: row.id,
    organizationId: row.organization_id,
    warehouses: planned
      ? [planned.warehouseId]
      : row.supply_kind === "preorder"
        ? row.warehouse_ids.slice(0, 1)
        : row.warehouse_ids,
    supplyKey: `${row.cabinet_id}:${row.supply_kind}:${row.supply_id}`,
    boxTypeId: row.box_type_id,
    dateFrom: row.date_from,
    dateTo: row.date_to,
    // Most tasks skip no date: they share one empty set (it adds up over 100,000 tasks).
    skipDates: row.skip_dates.length === 0 ? NO_DATES : new Set(row.skip_dates),
    maxCoefficient: planned ? Math.min(row.max_coefficient, planned.coefficient) : row.max_coefficient,
    deadline: row.deadline ? row.deadline.getTime() : null,
    mode: row.mode,
    // The organization's plan in force now (a full reload every few minutes catches a period's end).
    planTier: tierOf(
      {
        ...EMPTY_PLAN_STATE,
        plan: row.plan !== null && isPlanId(row.plan) ? row.plan : null,
        periodEnd: row.period_end,
        renews: row.renews ?? false,
      },
      now,
    ),
    // A booking is in flight (written with the decision, in the same transaction): no more decisions.
    bookingInFlight: row.status === "booking" || row.status === "moving",
    planned,
    createdAt: row.created_at.getTime(),
    flapGuard: row.flap_guard,
  };
}

export interface TaskBookOptions {
  /** Catch-up reload of tasks touched since the last one, even without an event. */
  refreshMs?: number;
  /** A full reload now and then: a deleted task leaves no row for the catch-up to see. */
  fullReloadMs?: number;
}

// Rows are stamped with their transaction's start time: one that commits late can carry an
// `updated_at` older than rows already seen, so each catch-up looks back this far.
const LOOK_BACK_MS = 60_000;

/**
 * The active tasks, kept in memory in a `TaskIndex` so a read is matched without a query. Caught up
 * incrementally by `updated_at` (at once after a `task.updated` event, and every `refreshMs`), and
 * reloaded in full every few minutes. The full reload runs beside the reads, never in their way:
 * with 100,000 tasks it takes a while, and a read must not wait for it.
 */
export class TaskBook {
  /** Replaced whole when a full reload lands. */
  index = new TaskIndex();
  private readonly db: Db;
  private readonly log: Logger;
  private readonly refreshMs: number;
  private readonly fullReloadMs: number;
  private dirty = true;
  private refreshAt = Number.NEGATIVE_INFINITY;
  private fullAt = Number.NEGATIVE_INFINITY;
  private cursor: Date | undefined;
  private reloading: Promise<void> | undefined;

  constructor(db: Db, log: Logger, options: TaskBookOptions = {}) {
    this.db = db;
    this.log = log;
    this.refreshMs = options.refreshMs ?? 30_000;
    this.fullReloadMs = options.fullReloadMs ?? 10 * 60_000;
  }

  /**
   * A `task.updated` event: catch up before the next match. A task that stopped being active (or
   * was deleted, which leaves no row to reload) leaves the index at once.
   */
  taskUpdated(taskId: number, status: string): void {
    if (!isMatched(status)) this.index.remove(taskId);
    this.dirty = true;
  }

  /** Loads every active task; the monitor waits for this once, at start. */
  async load(now: number): Promise<void> {
    await this.reload(now);
  }

  /**
   * Before a match: catches up with what changed when an event asked for it or the timer says so,
   * and starts a full reload in the background when one is due.
   */
  async refresh(now: number): Promise<void> {
    if (now >= this.fullAt && !this.reloading) {
      this.reloading = this.reload(now)
        .catch((err: unknown) => {
          // The index in hand stays in use; try again after a catch-up interval.
          this.fullAt = now + this.refreshMs;
          this.log.warn("monitor: could not reload the tasks", { err });
        })
        .finally(() => {
          this.reloading = undefined;
        });
    }
    if (!this.dirty && now < this.refreshAt) return;
    // Cleared before the query: an event arriving meanwhile asks for another pass.
    this.dirty = false;
    this.refreshAt = now + this.refreshMs;
    const since = this.cursor && new Date(this.cursor.getTime() - LOOK_BACK_MS);
    try {
      const rows = await listTasksForMatching(this.db, since ? { changedSince: since } : {});
      for (const row of rows) this.apply(this.index, row);
    } catch (error) {
      this.dirty = true;
      throw error;
    }
  }

  /** Waits for a full reload in flight, if any (before the database goes away). */
  async settled(): Promise<void> {
    await this.reloading;
  }

  private async reload(now: number): Promise<void> {
    this.fullAt = now + this.fullReloadMs;
    const rows = await listTasksForMatching(this.db);
    const index = new TaskIndex();
    for (const row of rows) this.apply(index, row);
    this.index = index;
    // What changed while the rows were read is caught up by the next refresh (it looks back).
    this.dirty = true;
  }

  private apply(index: TaskIndex, row: TaskForMatching): void {
    if (!this.cursor || row.updated_at > this.cursor) this.cursor = row.updated_at;
    const live = isMatched(row.status);
    const task = live ? toMatchTask(row) : undefined;
    if (task) index.put(task);
    else {
      if (live) this.log.warn("monitor: task cannot be matched", { taskId: row.id });
      index.remove(row.id);
    }
  }
}
