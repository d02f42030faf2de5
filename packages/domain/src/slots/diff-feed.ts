import { type CellKey, type CellState, cellKey, type DatedCellState, isBoxTypeId, type SlotChange } from "./cell.ts";

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

/** What the calendar remembers about a cell between reads. */
export interface CalendarCell extends CellKey, CellState {
  /** When the current state was first seen (epoch ms). */
  since: number;
  /** Consecutive reads showing this state, saturating at STEADY: beyond 2 nothing new happens. */
  streak: number;
  /** The state before this streak began; null when the cell was first seen in this state. */
  previous: DatedCellState | null;
}

/** A streak past the confirming read: a cell loaded after a restart starts here so it is not news again. */
export const STEADY = 3;

export type Calendar = ReadonlyMap<string, CalendarCell>;

export type ChangeKind = "opened" | "closed" | "changed";

export interface FeedDiff {
  /** Cells that are new-and-open or differ from the last read (streak 1), ordered by cell. */
  changes: SlotChange[];
  /** Open cells a second consecutive read still shows unchanged (streak 2), ordered by cell. */
  confirmations: SlotChange[];
  /** Cells whose stored row must be written: every change, plus cells seen for the first time. */
  upserts: CalendarCell[];
  /** The calendar after this read. The caller adopts it only once the read is persisted. */
  next: Map<string, CalendarCell>;
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

const DATE = /^(\d{4}-\d{2}-\d{2})/;

/**
 * The calendar day of a feed date. The leading `YYYY-MM-DD` is taken as written, never converted
 * through a time zone: WB means a calendar day, and `…T00:00:00+03:00` is still the 25th.
 */
export function feedDate(raw: string): string | undefined {
  return DATE.exec(raw)?.[1];
}

export const utcDay = (epochMs: number): string => new Date(epochMs).toISOString().slice(0, 10);

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
 * Compares one read of a slot source with the calendar as last persisted. Pure: the previous
 * calendar is not touched, so when persisting the read fails the caller keeps the old calendar and
 * the next read reports the same changes again — each change reaches matching exactly once.
 *
 * Cells missing from the read keep their state (a source may cover only part of the calendar);
 * cells dated before `now`'s UTC day roll off. A cell seen for the first time is a change only if
 * it is open: a closed cell appearing at the edge of the 14-day window is not news.
 */
export function diffFeed(previous: Calendar, rows: readonly FeedRow[], now: number): FeedDiff {
  const today = utcDay(now);
  const next = new Map<string, CalendarCell>();
  for (const [key, cell] of previous) if (cell.date >= today) next.set(key, cell);

  const changes: SlotChange[] = [];
  const confirmations: SlotChange[] = [];
  const upserts: CalendarCell[] = [];
  const seen = new Set<string>();
  let skipped = 0;

  for (const row of rows) {
    const date = feedDate(row.date);
    const boxTypeId = row.boxTypeID ?? 0;
    if (date === undefined || !isBoxTypeId(boxTypeId) || !Number.isInteger(row.warehouseID) || date < today) {
      skipped++;
      continue;
    }
    const key = cellKey({ warehouseId: row.warehouseID, date, boxTypeId });
    if (seen.has(key)) {
      skipped++;
      continue;
    }
    seen.add(key);
    const state = { coefficient: row.coefficient, allowUnload: row.allowUnload };
    const before = next.get(key);

    if (before === undefined) {
      const cell: CalendarCell = {
        warehouseId: row.warehouseID,
        date,
        boxTypeId,
        ...state,
        since: now,
        streak: 1,
        previous: null,
      };
      next.set(key, cell);
      upserts.push(cell);
      if (isOpenCell(cell)) changes.push(toChange(cell));
      continue;
    }
    if (before.coefficient !== state.coefficient || before.allowUnload !== state.allowUnload) {
      const cell: CalendarCell = {
        ...before,
        ...state,
        since: now,
        streak: 1,
        previous: { coefficient: before.coefficient, allowUnload: before.allowUnload, since: before.since },
      };
      next.set(key, cell);
      upserts.push(cell);
      changes.push(toChange(cell));
      continue;
    }
    if (before.streak < STEADY) {
      const cell: CalendarCell = { ...before, streak: before.streak + 1 };
      next.set(key, cell);
      if (cell.streak === 2 && isOpenCell(cell)) confirmations.push(toChange(cell));
    }
  }

  // Rows arrive in whatever order the source chose; matching and the history want one order.
  if (changes.length > 1) changes.sort(byCell);
  if (confirmations.length > 1) confirmations.sort(byCell);
  return { changes, confirmations, upserts, next, skipped };
}
