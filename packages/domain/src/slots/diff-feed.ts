import { type CellKey, type CellState, isBoxTypeId, type SlotChange } from "./cell.ts";
import { type CalendarCell, dayNumber, type SlotCalendar, STEADY, slotOf } from "./slot-calendar.ts";

/**
 * One row of a slot source, in the coefficients feed's own field names (a portal source maps its
 * rows to the same shape). Structural, so the WB client's rows fit without this package knowing it.
 */
export interface FeedRow {
  /** `YYYY-MM-DD…`: WB sends midnight UTC (`2026-11-25T00:00:00Z`). */
  date: string;
  coefficient: number;
  warehouseID: number;
  warehouseName?: string | undefined;
  allowUnload: boolean;
  /** Absent for "QR-поставка с коробами" (our box type 0). */
  boxTypeID?: number | undefined;
  isSortingCenter?: boolean | undefined;
}

export type ChangeKind = "opened" | "closed" | "changed";

export interface FeedDiff {
  /** Cells that are new-and-open or differ from the last read (streak 1), ordered by cell. */
  changes: SlotChange[];
  /** Open cells a second consecutive read still shows unchanged (streak 2), ordered by cell. */
  confirmations: SlotChange[];
  /** Cells whose stored row must be written: every change, plus cells seen for the first time. */
  upserts: CalendarCell[];
  /**
   * Every cell the calendar must take from this read (the upserts and the streaks that moved on):
   * `calendar.apply(diff)` adopts them, once the read is stored.
   */
  updates: CalendarCell[];
  /** The read's UTC day: cells dated before it roll off when the read is adopted. */
  today: string;
  /** Rows that could not be read as a cell (bad date, unknown box type) or repeated a cell. */
  skipped: number;
}

export const isOpenCell = (state: CellState): boolean => state.coefficient >= 0 && state.allowUnload;

/** opened / closed from the point of view of "can anyone book it"; anything else is `changed`. */
export function changeKind(change: Pick<SlotChange, "coefficient" | "allowUnload" | "previous">): ChangeKind {
  const now = isOpenCell(change);
  const before = change.previous !== null && isOpenCell(change.previous);
  if (now && !before) return "opened";
  if (!now && before) return "closed";
  return "changed";
}

/**
 * The calendar day of a feed date. The leading `YYYY-MM-DD` is taken as written, never converted
 * through a time zone: WB means a calendar day, and `…T00:00:00+03:00` is still the 25th.
 */
export function feedDate(raw: string): string | undefined {
  return Number.isNaN(dayNumber(raw)) ? undefined : raw.slice(0, 10);
}

export const utcDay = (epochMs: number): string => new Date(epochMs).toISOString().slice(0, 10);

/** Days ahead tracked as bits of one small integer. */
const SEEN_BITS = 30;

const byCell = (a: CellKey, b: CellKey) =>
  a.warehouseId - b.warehouseId || (a.date < b.date ? -1 : a.date > b.date ? 1 : 0) || a.boxTypeId - b.boxTypeId;

function toChange(cell: CalendarCell): SlotChange {
  return {
    warehouseId: cell.warehouseId,
    date: cell.date,
    boxTypeId: cell.boxTypeId,
    coefficient: cell.coefficient,
    allowUnload: cell.allowUnload,
    previous: cell.previous,
    streak: cell.streak,
    since: cell.since,
  };
}

/**
 * Compares one read of a slot source with the calendar as last persisted. Pure: the calendar is
 * not touched (the caller applies the diff once the read is stored), so when storing the read fails
 * the caller keeps the old calendar and the next read reports the same changes again — each change
 * reaches matching exactly once.
 *
 * Cells missing from a read keep their state (a source may cover only part of the calendar);
 * cells dated before `now`'s UTC day roll off. A cell seen for the first time is a change only if
 * it is open: a closed cell appearing at the edge of the 14-day window is not news.
 *
 * It runs on every read of the whole feed, so the loop over rows allocates only for cells that
 * moved: rows are looked up by numbers (`slotOf`, `dayNumber`), not by a string key per row.
 */
export function diffFeed(previous: SlotCalendar, rows: readonly FeedRow[], now: number): FeedDiff {
  const today = utcDay(now);
  const todayNumber = dayNumber(today);
  const changes: SlotChange[] = [];
  const confirmations: SlotChange[] = [];
  const upserts: CalendarCell[] = [];
  const updates: CalendarCell[] = [];
  // The cells this read showed, so a repeated one is skipped: per slot, a bit per day from today
  // (a number, no allocation per row), and a set for the rare cell further ahead.
  const seen = new Map<number, number>();
  let seenFar: Set<number> | undefined;
  let skipped = 0;

  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as FeedRow;
    const day = dayNumber(row.date);
    const boxTypeId = row.boxTypeID ?? 0;
    // NaN (no date) fails the comparison too.
    if (!(day >= todayNumber) || !isBoxTypeId(boxTypeId) || !Number.isInteger(row.warehouseID)) {
      skipped++;
      continue;
    }
    const slot = slotOf(row.warehouseID, boxTypeId);
    const ahead = day - todayNumber;
    if (ahead < SEEN_BITS) {
      const days = seen.get(slot) ?? 0;
      if (days & (1 << ahead)) {
        skipped++;
        continue;
      }
      seen.set(slot, days | (1 << ahead));
    } else {
      seenFar ??= new Set();
      const key = slot * 1_000_000 + ahead;
      if (seenFar.has(key)) {
        skipped++;
        continue;
      }
      seenFar.add(key);
    }
    const before = previous.cellAt(slot, day);

    if (before === undefined) {
      const cell: CalendarCell = {
        warehouseId: row.warehouseID,
        date: row.date.slice(0, 10),
        boxTypeId,
        coefficient: row.coefficient,
        allowUnload: row.allowUnload,
        since: now,
        streak: 1,
        previous: null,
      };
      upserts.push(cell);
      updates.push(cell);
      if (isOpenCell(cell)) changes.push(toChange(cell));
      continue;
    }
    if (before.coefficient !== row.coefficient || before.allowUnload !== row.allowUnload) {
      const cell: CalendarCell = {
        ...before,
        coefficient: row.coefficient,
        allowUnload: row.allowUnload,
        since: now,
        streak: 1,
        previous: { coefficient: before.coefficient, allowUnload: before.allowUnload, since: before.since },
      };
      upserts.push(cell);
      updates.push(cell);
      changes.push(toChange(cell));
      continue;
    }
    if (before.streak < STEADY) {
      const cell: CalendarCell = { ...before, streak: before.streak + 1 };
      updates.push(cell);
      if (cell.streak === 2 && isOpenCell(cell)) confirmations.push(toChange(cell));
    }
  }

  // Rows arrive in whatever order the source chose; matching and the history want one order.
  if (changes.length > 1) changes.sort(byCell);
  if (confirmations.length > 1) confirmations.sort(byCell);
  return { changes, confirmations, upserts, updates, today, skipped };
}
