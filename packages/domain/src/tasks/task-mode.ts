/** What a task does when a slot opens, and the options that only matter when it books. */
export interface TaskMode {
  mode: "book" | "alert";
  /** Book up to WB's final confirmation and stop. */
  dryRun: boolean;
  /** A cap on the acceptance cost in rubles, besides the coefficient. */
  maxCostRub: number | null;
  /** After booking at a paid coefficient, move the supply to a cheaper or earlier day. */
  replan: boolean;
}

/** The options that only a task that books can use: an alert never books, so never pays or moves. */
export const BOOKING_ONLY_OPTIONS = ["dryRun", "maxCostRub", "replan"] as const;
export type BookingOnlyOption = (typeof BOOKING_ONLY_OPTIONS)[number];

const isSet = (value: unknown) => value !== undefined && value !== null && value !== false;

/**
 * The booking-only options given (`options` as sent: absent, `false` and `null` are not given) for a
 * task in `mode`: none for a task that books, every one given for an alert.
 */
export function bookingOnlyOnAlert(
  mode: TaskMode["mode"],
  options: Partial<Omit<TaskMode, "mode">>,
): BookingOnlyOption[] {
  if (mode === "book") return [];
  return BOOKING_ONLY_OPTIONS.filter((name) => isSet(options[name]));
}

/**
 * A task's mode and options after an edit. A task that books keeps what the edit does not change;
 * an alert (switched to, or already one) carries no booking-only option, so switching a task that
 * books to an alert drops its dry run, ruble cap and re-plan. (An edit that gives one to an alert is
 * refused before this: see `bookingOnlyOnAlert`.)
 */
export function editedTaskMode(current: TaskMode, edit: Partial<TaskMode>): TaskMode {
  const mode = edit.mode ?? current.mode;
  if (mode === "alert") return { mode, dryRun: false, maxCostRub: null, replan: false };
  return {
    mode,
    dryRun: edit.dryRun ?? current.dryRun,
    maxCostRub: edit.maxCostRub === undefined ? current.maxCostRub : edit.maxCostRub,
    replan: edit.replan ?? current.replan,
  };
}

/** The part of a task that says whether it hunts to book. */
export interface HuntingTask {
  status: string;
  mode: TaskMode["mode"];
}

/**
 * Whether a change makes a task start hunting to book: a new task that books, a task that books
 * resumed, or an active alert switched to booking. Such a task needs a booking left (the plan's or
 * a pack's), or it would only be paused again at the first slot — a dry run too: it rehearses a
 * booking the plan must allow (though it holds no unit while it runs). An alert never books, so it
 * needs none.
 */
export function startsBooking(before: HuntingTask | null, after: HuntingTask): boolean {
  if (after.status !== "active" || after.mode !== "book") return false;
  return before === null || before.status !== "active" || before.mode !== "book";
}
