import type { PlannedSlot } from "../booking/replan.ts";
import type { BoxTypeId } from "./cell.ts";

/** What matching needs to know about an active booking task. */
export interface MatchTask {
  id: number;
  organizationId: number;
  /**
   * A preorder is booked at its own warehouse; a draft may go to any of its candidate warehouses,
   * best first.
   */
  warehouses: readonly number[];
  /** The unplanned supply this task books: at most one booking decision per preorder. */
  supplyKey: string;
  boxTypeId: BoxTypeId;
  /** Inclusive `YYYY-MM-DD` bounds. */
  dateFrom: string;
  dateTo: string;
  skipDates: ReadonlySet<string>;
  /** 0 = free slots only. */
  maxCoefficient: number;
  /** Epoch ms; null = none. */
  deadline: number | null;
  mode: "book" | "alert";
  /** Higher plans go first among tasks with the same deadline. */
  planTier: number;
  /** Epoch ms; older tasks go first among equals. */
  createdAt: number;
  /** "confirm": act only when a second read shows the cell still open. */
  flapGuard: "first-sight" | "confirm";
  /** A booking for this supply is already running or done: no more decisions. */
  bookingInFlight: boolean;
  /**
   * Re-plan: the supply is already planned here (the task is watching), so only a better cell at
   * its warehouse is news (`isBetterSlot`), and the decision moves the supply. Absent: not booked.
   */
  planned?: PlannedSlot | null;
}

/**
 * Orders tasks: nearest deadline first (none = last), then higher plan tier, then older task, then
 * id for a total order. Negative when `a` goes first.
 */
export function compareTasks(a: MatchTask, b: MatchTask): number {
  const da = a.deadline ?? Number.POSITIVE_INFINITY;
  const db = b.deadline ?? Number.POSITIVE_INFINITY;
  if (da !== db) return da < db ? -1 : 1;
  if (a.planTier !== b.planTier) return b.planTier - a.planTier;
  if (a.createdAt !== b.createdAt) return a.createdAt - b.createdAt;
  return a.id - b.id;
}

/** The read of a cell at which a task acts: the first that shows it open, or the second (flap guard). */
export const readsToAct = (task: Pick<MatchTask, "flapGuard">): 1 | 2 => (task.flapGuard === "confirm" ? 2 : 1);
