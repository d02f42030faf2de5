import type { CellKey, CellState, DatedCellState } from "./cell.ts";

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

const digit = (text: string, at: number) => {
  const d = text.charCodeAt(at) - 48;
  return d >= 0 && d <= 9 ? d : Number.NaN;
};

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * The calendar day a text starts with (`YYYY-MM-DD…`) as a day number (days since 1970-01-01),
 * which orders and subtracts as days do; NaN when the text does not start with a real date. Read
 * from the characters, never through a time zone: `…T00:00:00+03:00` is still the 25th.
 */
export function dayNumber(text: string): number {
  if (text.length < 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return Number.NaN;
  const year = digit(text, 0) * 1000 + digit(text, 1) * 100 + digit(text, 2) * 10 + digit(text, 3);
  const month = digit(text, 5) * 10 + digit(text, 6);
  const day = digit(text, 8) * 10 + digit(text, 9);
  if (!(month >= 1 && month <= 12 && day >= 1)) return Number.NaN;
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (DAYS_IN_MONTH[month - 1] as number) + (leap ? 1 : 0)) return Number.NaN;
  // Days from the civil date (H. Hinnant's algorithm): March-based years make leap days last.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** One number per (warehouse, box type): box type ids are below 8. */
export const slotOf = (warehouseId: number, boxTypeId: number): number => warehouseId * 8 + boxTypeId;

/**
 * The slot calendar as the monitor last stored it: cells by (warehouse, box type) and day, kept in
 * numbers so a read of the whole feed is compared without building a string key per row. Changed
 * only by `apply`, once a read is stored; `diffFeed` reads it and never writes it.
 */
export class SlotCalendar implements Iterable<CalendarCell> {
  readonly #slots = new Map<number, Map<number, CalendarCell>>();
  #size = 0;
  /** Cells dated before this day (a `dayNumber`) are gone. */
  #from = 0;

  constructor(cells: Iterable<CalendarCell> = []) {
    for (const cell of cells) this.#set(cell);
  }

  get size(): number {
    return this.#size;
  }

  get(key: CellKey): CalendarCell | undefined {
    return this.cellAt(slotOf(key.warehouseId, key.boxTypeId), dayNumber(key.date));
  }

  /** The hot path: a cell by `slotOf(…)` and `dayNumber(…)`. */
  cellAt(slot: number, day: number): CalendarCell | undefined {
    return this.#slots.get(slot)?.get(day);
  }

  /**
   * Adopts a stored read: its updated cells replace the old ones, and cells dated before the read's
   * day roll off.
   */
  apply(read: { updates: readonly CalendarCell[]; today: string }): void {
    for (const cell of read.updates) this.#set(cell);
    const today = dayNumber(read.today);
    if (today <= this.#from) return;
    this.#from = today;
    for (const days of this.#slots.values()) {
      for (const day of days.keys()) {
        if (day >= today) continue;
        days.delete(day);
        this.#size--;
      }
    }
  }

  *[Symbol.iterator](): Iterator<CalendarCell> {
    for (const days of this.#slots.values()) yield* days.values();
  }

  #set(cell: CalendarCell): void {
    const slot = slotOf(cell.warehouseId, cell.boxTypeId);
    let days = this.#slots.get(slot);
    if (days === undefined) {
      days = new Map();
      this.#slots.set(slot, days);
    }
    const day = dayNumber(cell.date);
    if (!days.has(day)) this.#size++;
    days.set(day, cell);
  }
}
