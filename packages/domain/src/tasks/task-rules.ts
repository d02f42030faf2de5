import { AppError } from "../errors.ts";
import { isBoxTypeId } from "../slots/cell.ts";
import { daysBetween, moscowToday } from "./calendar-day.ts";
import { lastTaskDay, MAX_TASK_DAYS, TASK_HORIZON_DAYS } from "./task-horizon.ts";

export interface TaskWindow {
  dateFrom: string;
  dateTo: string;
  skipDates: readonly string[];
  boxTypeId: number;
  /** ISO timestamp or null. */
  deadline: string | null;
}

/**
 * The rules every booking task obeys, whoever creates or edits it. Throws the first broken rule as
 * a localized AppError; dates are Moscow calendar days, as WB's. `before` is the task's window before
 * an edit: a date the edit keeps is not judged against today again (a running task's first day
 * passes, and its cap can still be changed), and a window the edit leaves as it was is not refused
 * for having no day left (the days it did not skip may simply have passed).
 */
export function checkTaskWindow(
  task: TaskWindow,
  now: Date,
  before?: Pick<TaskWindow, "dateFrom" | "dateTo" | "skipDates">,
): void {
  const today = moscowToday(now);
  const set = (date: "dateFrom" | "dateTo") => before?.[date] !== task[date];
  if ((set("dateFrom") && task.dateFrom < today) || task.dateTo < today)
    throw new AppError("task.date_in_past", { today });
  if (task.dateFrom > task.dateTo) throw new AppError("task.date_order");
  const last = lastTaskDay(today);
  if ((set("dateFrom") && task.dateFrom > last) || (set("dateTo") && task.dateTo > last))
    throw new AppError("task.date_too_far", { last, days: TASK_HORIZON_DAYS });
  if (daysBetween(task.dateFrom, task.dateTo) + 1 > MAX_TASK_DAYS) throw new AppError("task.range_too_long");
  const outside = task.skipDates.find((d) => d < task.dateFrom || d > task.dateTo);
  if (outside) throw new AppError("task.skip_outside_range", { date: outside });
  const windowSet = !before || set("dateFrom") || set("dateTo") || !sameDays(before.skipDates, task.skipDates);
  if (windowSet && !hasDayToWatch(task, today)) throw new AppError("task.every_day_skipped");
  if (!isBoxTypeId(task.boxTypeId)) throw new AppError("task.unknown_box_type", { boxTypeId: task.boxTypeId });
  if (task.deadline !== null && Date.parse(task.deadline) <= now.getTime()) throw new AppError("task.deadline_in_past");
}

/** True when some day from today (or the first day) to the last is not skipped: a slot there can match. */
function hasDayToWatch(task: Pick<TaskWindow, "dateFrom" | "dateTo" | "skipDates">, today: string): boolean {
  const first = task.dateFrom > today ? task.dateFrom : today;
  const skipped = new Set(task.skipDates.filter((d) => d >= first && d <= task.dateTo));
  return daysBetween(first, task.dateTo) + 1 > skipped.size;
}

const sameDays = (a: readonly string[], b: readonly string[]) => {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((d) => right.has(d));
};

export type TaskStatus = "active" | "booking" | "paused" | "booked" | "watching" | "moving" | "expired" | "failed";

/** Only a task still looking for a slot can be changed; a booked, expired or failed one is history. */
export function isEditable(status: TaskStatus): boolean {
  return status === "active" || status === "paused";
}

/** A task past its last date or its deadline is over. */
export function hasExpired(task: { dateTo: string; deadline: Date | null }, now: Date): boolean {
  return task.dateTo < moscowToday(now) || (task.deadline !== null && task.deadline.getTime() <= now.getTime());
}
