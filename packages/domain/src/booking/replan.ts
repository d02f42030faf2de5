/** Where a task's supply is planned now (a re-plan moves it from here). */
export interface PlannedSlot {
  warehouseId: number;
  /** `YYYY-MM-DD`. */
  date: string;
  coefficient: number;
}

/**
 * Whether moving a planned supply to `cell` is worth a `plan/update`: the same warehouse (WB moves
 * a supply's date, never its warehouse), another day (WB keeps the coefficient a supply was planned
 * at; whether `plan/update` to the same day re-prices it is not known, so it is never tried), open
 * (coefficient ≥ 0), and cheaper — or as cheap and earlier. The seller's window, skipped days and
 * coefficient cap are matching's, as for any cell.
 */
export function isBetterSlot(planned: PlannedSlot, cell: PlannedSlot): boolean {
  if (cell.warehouseId !== planned.warehouseId || cell.date === planned.date || cell.coefficient < 0) return false;
  if (cell.coefficient !== planned.coefficient) return cell.coefficient < planned.coefficient;
  return cell.date < planned.date;
}

/** Re-plan pays off only while the supply is planned at a paid coefficient. */
export const worthWatching = (planned: PlannedSlot): boolean => planned.coefficient > 0;
