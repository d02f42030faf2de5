import type { SlotsResponse } from "./api.ts";

export interface CellState {
  coefficient: number;
  allowUnload: boolean;
  /** Epoch ms since the cell is in this state. */
  since: number;
}

/** The calendar as the screen holds it: cells by `warehouseId:date`, for one box type. */
export interface CalendarModel {
  from: string;
  to: string;
  days: string[];
  boxTypeId: number;
  warehouses: { id: number; name: string }[];
  cells: Map<string, CellState>;
}

export const cellId = (warehouseId: number, date: string) => `${warehouseId}:${date}`;

const DAY_MS = 86_400_000;
export const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

export function buildCalendar(body: SlotsResponse, boxTypeId: number, unnamed: (id: number) => string): CalendarModel {
  const days: string[] = [];
  for (let d = body.from; d <= body.to; d = addDays(d, 1)) days.push(d);
  const cells = new Map<string, CellState>();
  for (const [warehouseId, date, box, coefficient, allowUnload, since] of body.cells) {
    if (box === boxTypeId) cells.set(cellId(warehouseId, date), { coefficient, allowUnload, since });
  }
  const warehouses = body.warehouses
    .filter((w) => days.some((d) => cells.has(cellId(w.id, d))))
    .map((w) => ({ id: w.id, name: w.name ?? unnamed(w.id) }));
  return { from: body.from, to: body.to, days, boxTypeId, warehouses, cells };
}

/** A live `slots.changed` event applied to the model; returns a new model when anything changed. */
export function applyChanges(
  model: CalendarModel,
  changes: readonly {
    warehouseId: number;
    date: string;
    boxTypeId: number;
    coefficient: number;
    allowUnload: boolean;
  }[],
  now: number,
): CalendarModel {
  let touched = false;
  const cells = new Map(model.cells);
  for (const c of changes) {
    if (c.boxTypeId !== model.boxTypeId || c.date < model.from || c.date > model.to) continue;
    cells.set(cellId(c.warehouseId, c.date), { coefficient: c.coefficient, allowUnload: c.allowUnload, since: now });
    touched = true;
  }
  return touched ? { ...model, cells } : model;
}

/** Open cells a seller may care about: unloading allowed and at most ×2. */
export const isCheapOpen = (cell: CellState | undefined) =>
  cell?.allowUnload === true && cell.coefficient >= 0 && cell.coefficient <= 2;
