import { type Db, listTasksForMatching, type TaskForMatching } from "@slotpilot/db";
import {
  EMPTY_PLAN_STATE,
  isBoxTypeId,
  isInFlight,
  isMatched,
  isPlanId,
  type MatchTask,
  TaskIndex,
  tierOf,
} from "@slotpilot/domain";
import type { Logger } from "@slotpilot/observability";

const NO_DATES: ReadonlySet<string> = new Set();

/** The task index with each task's revision as read. */
interface Indexed {
  index: TaskIndex;
  revisions: Map<number, number>;
}

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
    bookingInFlight: isInFlight(row.status),
    planned,
    createdAt: row.created_at.getTime(),
    flapGuard: row.flap_guard,
  };
}

export interface TaskBookOptions {
  /**
   * The catch-up by `updated_at`: without events, how often it looks for tasks touched since the
   * last one; with events, how long a failed catch-up waits before it is tried again.
   */
  refreshMs?: number;
  /** A full reload now and then: a deleted task leaves no row for the catch-up to see. */
  fullReloadMs?: number;
  /** Tasks per page of a full load (see `loadAll`). */
  pageSize?: number;
}

// Rows are stamped with their transaction's start time: one that commits late can carry an
// `updated_at` older than rows already seen, so each catch-up looks back this far.
const LOOK_BACK_MS = 60_000;

/**
 * The active tasks, kept in memory in a `TaskIndex` so a read is matched without a query.
 *
 * With `task.updated` events (the product: the monitor listens for them), a read first re-reads the
 * tasks the events named since the last read, by primary key — as many rows as tasks changed,
 * however many tasks there are. While the listener stays connected no event is missed, so the
 * catch-up by `updated_at` runs only after it reconnected (`listenerReconnected`: events published
 * while it was away are lost). It used to run every 30 s: with tasks booking every read, a minute's
 * look-back re-read nearly every task, ~150 ms of the monitor's CPU at 10,000 tasks, landing in a
 * read. The full reload (every few minutes: a plan's period ends without a task changing) stays.
 * Both run beside the reads, never in their way: a read must not wait for thousands of rows. What
 * they read is applied when they land, except for tasks an event named meanwhile: those are
 * re-read by key (the event is newer than their snapshot).
 *
 * Without events (tests and benchmarks driving the monitor on a manual clock), the catch-up by
 * `updated_at` is all there is, so it runs before the read that finds it due.
 */
export class TaskBook {
  /** The tasks matching sees, with their revisions; replaced whole when a full reload lands. */
  private tasks: Indexed = { index: new TaskIndex(), revisions: new Map() };
  private readonly db: Db;
  private readonly log: Logger;
  private readonly events: boolean;
  private readonly refreshMs: number;
  private readonly fullReloadMs: number;
  private readonly pageSize: number;
  /** Tasks named by events since the last read, to re-read by key before the next match. */
  private named = new Set<number>();
  /** Tasks named while a catch-up or reload runs beside the reads: its rows for them are stale. */
  private namedMeanwhile = new Set<number>();
  private refreshAt = Number.NEGATIVE_INFINITY;
  /** With events: the listener reconnected, so events may have been missed (see the class). */
  private catchUpDue = false;
  private fullAt = Number.NEGATIVE_INFINITY;
  private cursor: Date | undefined;
  private background: Promise<void> | undefined;
  /** Tasks that started hunting since the last read, to match against the cells open already. */
  private starting = new Set<number>();

  constructor(db: Db, log: Logger, options: TaskBookOptions & { events: boolean }) {
    this.db = db;
    this.log = log;
    this.events = options.events;
    this.refreshMs = options.refreshMs ?? 30_000;
    this.fullReloadMs = options.fullReloadMs ?? 10 * 60_000;
    this.pageSize = options.pageSize ?? 2_000;
  }

  /** What matching reads. */
  get index(): TaskIndex {
    return this.tasks.index;
  }

  /**
   * A `task.updated` event: the task is re-read before the next match. One that stopped being
   * active (or was deleted, which leaves no row) leaves the index at once. One whose booking went
   * in flight is only marked so: matching gives it nothing whatever else it holds, and it is re-read
   * when the booking ends, which always comes with an event (most of these are the echo of the
   * monitor's own hand-off, so a busy read does not re-read every task it handed off) — unless that
   * event shows the task back as it was read (see `backAsRead`).
   */
  taskUpdated(taskId: number, status: string, revision?: number): void {
    if (isInFlight(status)) {
      this.inFlight(taskId);
      return;
    }
    if (revision !== undefined && this.backAsRead(taskId, status, revision)) return;
    if (!isMatched(status)) this.remove(taskId);
    this.named.add(taskId);
    if (this.background !== undefined) this.namedMeanwhile.add(taskId);
  }

  /** The event listener is back after a lost connection: catch up beside the next read. */
  listenerReconnected(): void {
    this.catchUpDue = true;
    this.refreshAt = Number.NEGATIVE_INFINITY;
  }

  /** The monitor handed these tasks' decisions to the booker: in flight from this read on. */
  handedOff(taskIds: Iterable<number>): void {
    for (const id of taskIds) this.inFlight(id);
  }

  /**
   * A booking ended and its task hunts again with the revision this book read it at: nothing
   * matching reads changed (an edit, a confirmed booking's planned cell, would have bumped it), so
   * the task is taken back in place instead of re-read — a busy read ends hundreds of bookings.
   * Only for the state it was read in (a preorder or draft `active`, a re-plan `watching`), and not
   * while a reload runs beside the reads (its rows may predate the booking's end and would put the
   * task back in flight).
   */
  private backAsRead(taskId: number, status: string, revision: number): boolean {
    const task = this.index.get(taskId);
    if (!task?.bookingInFlight || this.background !== undefined) return false;
    if (this.tasks.revisions.get(taskId) !== revision || status !== (task.planned ? "watching" : "active"))
      return false;
    this.index.put({ ...task, bookingInFlight: false });
    return true;
  }

  private inFlight(taskId: number): void {
    const task = this.index.get(taskId);
    if (task && !task.bookingInFlight) this.index.put({ ...task, bookingInFlight: true });
  }

  /**
   * The tasks that started hunting since the last read — created, resumed (back in the index after
   * a pause), or edited (a new revision), as re-read by key or by a catch-up — and hunt now: the
   * read matches them against the cells open already (see the domain's `StandingMatch`). A booking
   * that ended with the task as it was does not count: the cells it passed over were open before
   * it too, and the same stale cell must not be tried read after read. Taken once; `restart` puts
   * them back when the read could not be stored.
   */
  takeStarting(): MatchTask[] {
    const tasks: MatchTask[] = [];
    for (const id of this.starting) {
      const task = this.index.get(id);
      if (task && !task.bookingInFlight) tasks.push(task);
    }
    this.starting = new Set();
    return tasks;
  }

  /** The read that took these starting tasks was not stored: the next one matches them. */
  restart(tasks: readonly MatchTask[]): void {
    for (const task of tasks) this.starting.add(task.id);
  }

  /** Loads every active task; the monitor waits for this once, at start. */
  async load(now: number): Promise<void> {
    this.fullAt = now + this.fullReloadMs;
    this.refreshAt = now + this.refreshMs;
    this.tasks = await this.loadAll();
  }

  /**
   * Before a match: re-reads the tasks events named, and starts a catch-up or a full reload beside
   * the reads when one is due (without events, runs a due catch-up first).
   */
  async refresh(now: number): Promise<void> {
    if (!this.events && now >= this.refreshAt && now < this.fullAt) {
      this.refreshAt = now + this.refreshMs;
      await this.catchUp();
    } else if (
      !this.background &&
      (now >= this.fullAt || (now >= this.refreshAt && (this.catchUpDue || !this.events)))
    ) {
      this.background = this.inBackground(now).finally(() => {
        this.background = undefined;
      });
    }
    if (this.named.size === 0) return;
    const ids = [...this.named];
    this.named = new Set();
    try {
      const rows = await listTasksForMatching(this.db, { ids });
      const found = new Set<number>();
      for (const row of rows) {
        found.add(row.id);
        this.apply(this.tasks, row, true);
      }
      for (const id of ids) if (!found.has(id)) this.remove(id);
    } catch (error) {
      for (const id of ids) this.named.add(id);
      throw error;
    }
  }

  /** Waits for a catch-up or reload in flight, if any (before the database goes away). */
  async settled(): Promise<void> {
    await this.background;
  }

  /** A due full reload or catch-up, beside the reads. A failure keeps the index in hand. */
  private async inBackground(now: number): Promise<void> {
    this.namedMeanwhile = new Set();
    const full = now >= this.fullAt;
    try {
      // Read from now on, either covers whatever a catch-up was due for.
      this.catchUpDue = false;
      if (full) {
        this.fullAt = now + this.fullReloadMs;
        this.tasks = await this.loadAll();
      } else {
        this.refreshAt = now + this.refreshMs;
        await this.catchUp(this.namedMeanwhile);
      }
      // Named while the rows were read: their events are newer than the snapshot, so read again.
      for (const id of this.namedMeanwhile) this.named.add(id);
    } catch (err) {
      // Try again after a catch-up interval.
      if (full) this.fullAt = now + this.refreshMs;
      else if (this.events) this.catchUpDue = true;
      this.log.warn(`monitor: could not ${full ? "reload" : "catch up with"} the tasks`, { err });
    }
  }

  /** Tasks touched since the newest change seen (looking back); skips the ones in `skip`. */
  private async catchUp(skip: ReadonlySet<number> = new Set()): Promise<void> {
    const since = this.cursor && new Date(this.cursor.getTime() - LOOK_BACK_MS);
    const rows = await listTasksForMatching(this.db, since ? { changedSince: since } : {});
    for (const row of rows) if (!skip.has(row.id)) this.apply(this.tasks, row, true);
  }

  /**
   * Every task matching looks at, into a new index, a page at a time: one listing of 100,000 tasks
   * held the monitor's thread ~2–3 s (parsing the rows, then indexing them), the reads beside it
   * waiting; a page is a few tens of milliseconds, and the reads go on between pages. The pages are
   * not one snapshot — a task changed meanwhile is named by its event and re-read by key after.
   */
  private async loadAll(): Promise<Indexed> {
    const loaded: Indexed = { index: new TaskIndex(), revisions: new Map() };
    let afterId = 0;
    for (;;) {
      const rows = await listTasksForMatching(this.db, { page: { afterId, size: this.pageSize } });
      for (const row of rows) this.apply(loaded, row);
      const last = rows.at(-1);
      if (!last || rows.length < this.pageSize) return loaded;
      afterId = last.id;
    }
  }

  /** Puts a row in the index (or takes it out); `noting` marks a task that starts hunting (`takeStarting`). */
  private apply(into: Indexed, row: TaskForMatching, noting = false): void {
    if (!this.cursor || row.updated_at > this.cursor) this.cursor = row.updated_at;
    const live = isMatched(row.status);
    const task = live ? toMatchTask(row) : undefined;
    if (task) {
      if (noting && !task.bookingInFlight && (!into.index.get(task.id) || into.revisions.get(task.id) !== row.revision))
        this.starting.add(task.id);
      into.index.put(task);
      into.revisions.set(task.id, row.revision);
    } else {
      if (live) this.log.warn("monitor: task cannot be matched", { taskId: row.id });
      into.index.remove(row.id);
      into.revisions.delete(row.id);
    }
  }

  private remove(taskId: number): void {
    this.tasks.index.remove(taskId);
    this.tasks.revisions.delete(taskId);
  }
}
