/**
 * A slot cell: one warehouse, one date, one box type. WB omits `boxTypeID` for
 * "QR-поставка с коробами"; we key those rows as box type 0.
 */
export const BOX_TYPES = { boxes: 2, monopallets: 5, supersafe: 6, qrBoxes: 0 } as const;
export type BoxTypeId = (typeof BOX_TYPES)[keyof typeof BOX_TYPES];
export const BOX_TYPE_IDS: readonly BoxTypeId[] = [2, 5, 6, 0];

const BOX_TYPE_KEYS = new Map<number, keyof typeof BOX_TYPES>(
  Object.entries(BOX_TYPES).map(([key, id]) => [id, key as keyof typeof BOX_TYPES]),
);

/** The locale key of a box type (`common.boxTypes.<key>`), or undefined for an id WB does not use. */
export function boxTypeKey(id: number): keyof typeof BOX_TYPES | undefined {
  return BOX_TYPE_KEYS.get(id);
}

export function isBoxTypeId(value: unknown): value is BoxTypeId {
  return typeof value === "number" && (BOX_TYPE_IDS as readonly number[]).includes(value);
}

export interface CellKey {
  warehouseId: number;
  /** Calendar date, `YYYY-MM-DD` (WB publishes midnight UTC). */
  date: string;
  boxTypeId: BoxTypeId;
}

export interface CellState {
  /** -1 no acceptance, 0 free, ≥ 1 paid multiplier. */
  coefficient: number;
  allowUnload: boolean;
}

export function cellKey(key: CellKey): string {
  return `${key.warehouseId}:${key.date}:${key.boxTypeId}`;
}

/** A seller with this cap can book the cell: unloading allowed and 0 ≤ coefficient ≤ cap. */
export function bookableUnder(state: CellState | null, cap: number): boolean {
  return state?.allowUnload === true && state.coefficient >= 0 && state.coefficient <= cap;
}

/** A state a cell was in, and when it was first seen in it (epoch ms). */
export interface DatedCellState extends CellState {
  since: number;
}

/**
 * What one read of the feed says about a cell that is new or different, or confirmed: `streak` is
 * how many consecutive reads have shown the current state (1 = it just changed, 2 = a second read
 * confirms it), and `previous` is the state before this streak began (null = never seen).
 */
export interface SlotChange extends CellKey, CellState {
  previous: DatedCellState | null;
  streak: number;
  /** When the current state was first seen (epoch ms). */
  since: number;
}

/**
 * Names one opening of a cell: the cell and the state it opened from (when that state was first
 * seen; `first` for a cell never seen before). A closed and reopened cell is a new opening, since
 * the closed state in between has a `since` of its own. The name depends on the calendar the read
 * was compared with, not on when the read happened: a read whose calendar was never stored (the
 * process died before) is repeated by the next one, and the opening it finds again has the same
 * name, so whatever was already done for it is not done twice.
 */
export function openingOf(change: CellKey & { previous: DatedCellState | null }): string {
  return `${cellKey(change)}@${change.previous === null ? "first" : change.previous.since}`;
}
