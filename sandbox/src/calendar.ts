import { BOX_TYPE_NAMES, type BoxTypeId, MONOPALLET, QR } from "./box-types.ts";
import { dayToIso } from "./dates.ts";
import { hashUnit } from "./prng.ts";
import type { Warehouse } from "./warehouses.ts";

export interface Cell {
  readonly warehouseId: number;
  readonly day: number;
  readonly boxTypeId: BoxTypeId;
  coefficient: number;
  allowUnload: boolean;
  /** How many supplies WB still accepts in this cell in total; bookings count against it. */
  capacity: number;
  booked: number;
  /** World time the cell last became bookable; null while it is not. */
  openedAt: number | null;
}

export interface CellPatch {
  coefficient?: number;
  allowUnload?: boolean;
  capacity?: number;
  booked?: number;
}

/** WB's rule: acceptance is possible only with `allowUnload` and a coefficient of 0 or more. */
export function isOpen(cell: Cell): boolean {
  return cell.allowUnload && cell.coefficient >= 0 && cell.booked < cell.capacity;
}

export const FEED_DAYS = 14;

const key = (warehouseId: number, day: number, boxTypeId: BoxTypeId) => `${warehouseId}|${day}|${boxTypeId}`;

/**
 * Every (warehouse, day, box type) cell, created lazily from a hash of (seed, warehouse, day offset
 * from the world's first day, box type) — so the same seed gives the same calendar whatever the
 * real date, and days beyond the first 30 exist when the world runs long.
 *
 * The feed is what monitors poll, so it is served from cached JSON: one fragment per warehouse,
 * rebuilt only when one of that warehouse's cells changed or the day rolled over.
 */
export class Calendar {
  readonly warehouses: readonly Warehouse[];
  readonly byId: ReadonlyMap<number, Warehouse>;
  /** Cells that are bookable right now; competitors scan this instead of all ~16k cells. */
  readonly open = new Set<Cell>();
  private readonly cells = new Map<string, Cell>();
  private readonly versions = new Map<number, number>();
  private readonly fragments = new Map<string, { version: number; firstDay: number; json: string }>();
  private full:
    | { version: number; firstDay: number; legacy: boolean; json: string; bytes?: Uint8Array<ArrayBuffer> }
    | undefined;
  private version = 0;
  private readonly seed: number;
  private readonly baseDay: number;
  private readonly createdAt: number;

  constructor(options: { seed: number; baseDay: number; now: number; warehouses: readonly Warehouse[] }) {
    this.seed = options.seed;
    this.baseDay = options.baseDay;
    this.createdAt = options.now;
    this.warehouses = options.warehouses;
    this.byId = new Map(options.warehouses.map((w) => [w.id, w]));
  }

  /** Undefined when the warehouse does not exist or does not accept that box type. */
  get(warehouseId: number, day: number, boxTypeId: BoxTypeId): Cell | undefined {
    const k = key(warehouseId, day, boxTypeId);
    const existing = this.cells.get(k);
    if (existing) return existing;
    const warehouse = this.byId.get(warehouseId);
    if (!warehouse?.boxTypes.includes(boxTypeId)) return undefined;
    const cell = this.initialCell(warehouseId, day, boxTypeId);
    this.cells.set(k, cell);
    if (isOpen(cell)) this.open.add(cell);
    return cell;
  }

  /** Creates every cell of a day range up front, so competitors see initially open cells too. */
  materialize(firstDay: number, days: number): void {
    for (const w of this.warehouses) {
      for (let d = firstDay; d < firstDay + days; d++) for (const b of w.boxTypes) this.get(w.id, d, b);
    }
  }

  /** The single way cells change, so `openedAt`, the open set and the feed cache stay right. */
  update(cell: Cell, patch: CellPatch, now: number): void {
    const wasOpen = isOpen(cell);
    if (patch.coefficient !== undefined) cell.coefficient = patch.coefficient;
    if (patch.allowUnload !== undefined) cell.allowUnload = patch.allowUnload;
    if (patch.capacity !== undefined) cell.capacity = patch.capacity;
    if (patch.booked !== undefined) cell.booked = patch.booked;
    const nowOpen = isOpen(cell);
    if (nowOpen && !wasOpen) {
      cell.openedAt = now;
      this.open.add(cell);
    } else if (!nowOpen && wasOpen) {
      cell.openedAt = null;
      this.open.delete(cell);
    }
    this.touch(cell.warehouseId);
  }

  /** Takes one unit of capacity; a full cell stops accepting, as WB shows it (`allowUnload: false`). */
  book(cell: Cell, now: number): void {
    const booked = cell.booked + 1;
    this.update(cell, booked >= cell.capacity ? { booked, allowUnload: false } : { booked }, now);
  }

  /** Gives one unit back (a supply moved away); a cell closed only for being full reopens. */
  release(cell: Cell, now: number): void {
    const booked = Math.max(0, cell.booked - 1);
    const reopen = cell.coefficient >= 0 && !cell.allowUnload && booked < cell.capacity;
    this.update(cell, reopen ? { booked, allowUnload: true } : { booked }, now);
  }

  /** The full feed as UTF-8 bytes, encoded once per change: monitors poll it far more often than it changes. */
  feedBytes(firstDay: number, legacy: boolean): Uint8Array<ArrayBuffer> {
    this.feedJson(firstDay, { legacy });
    const full = this.full;
    if (!full) throw new Error("feed cache missing");
    full.bytes ??= new TextEncoder().encode(full.json);
    return full.bytes;
  }

  /** The coefficients feed as a JSON string: current rows, or legacy rows that still carry boxTypeName. */
  feedJson(firstDay: number, options: { warehouseIds?: readonly number[]; legacy?: boolean } = {}): string {
    const legacy = options.legacy ?? false;
    if (!options.warehouseIds) {
      const full = this.full;
      if (full && full.version === this.version && full.firstDay === firstDay && full.legacy === legacy) {
        return full.json;
      }
      const json = this.join(
        this.warehouses.map((w) => w.id),
        firstDay,
        legacy,
      );
      this.full = { version: this.version, firstDay, legacy, json };
      return json;
    }
    return this.join(options.warehouseIds, firstDay, legacy);
  }

  private join(ids: readonly number[], firstDay: number, legacy: boolean): string {
    const parts: string[] = [];
    for (const id of ids) {
      const fragment = this.fragment(id, firstDay, legacy);
      if (fragment) parts.push(fragment);
    }
    return `[${parts.join(",")}]`;
  }

  private fragment(warehouseId: number, firstDay: number, legacy: boolean): string {
    const warehouse = this.byId.get(warehouseId);
    if (!warehouse) return "";
    const version = this.versions.get(warehouseId) ?? 0;
    const k = `${warehouseId}|${legacy ? "l" : "c"}`;
    const cached = this.fragments.get(k);
    if (cached && cached.version === version && cached.firstDay === firstDay) return cached.json;
    const rows: string[] = [];
    for (let day = firstDay; day < firstDay + FEED_DAYS; day++) {
      for (const boxTypeId of warehouse.boxTypes) {
        const cell = this.get(warehouseId, day, boxTypeId);
        if (cell) rows.push(JSON.stringify(feedRow(warehouse, cell, legacy)));
      }
    }
    const json = rows.join(",");
    this.fragments.set(k, { version, firstDay, json });
    return json;
  }

  private touch(warehouseId: number): void {
    this.versions.set(warehouseId, (this.versions.get(warehouseId) ?? 0) + 1);
    this.version += 1;
  }

  private initialCell(warehouseId: number, day: number, boxTypeId: BoxTypeId): Cell {
    const offset = day - this.baseDay;
    const u = hashUnit(this.seed, "cell", warehouseId, offset, boxTypeId);
    const capacity = 1 + Math.floor(hashUnit(this.seed, "cap", warehouseId, offset, boxTypeId) * 4);
    const paid = 2 + Math.floor(hashUnit(this.seed, "coef", warehouseId, offset, boxTypeId) * 19);
    // Most cells are closed or expensive. Free cells only appear later, in bursts: a free cell
    // that had been open all along would long since have been taken.
    let coefficient = -1;
    let allowUnload = false;
    if (u >= 0.55 && u < 0.6) coefficient = paid;
    else if (u >= 0.6 && u < 0.93) [coefficient, allowUnload] = [paid, true];
    else if (u >= 0.93) [coefficient, allowUnload] = [1, true];
    const cell: Cell = { warehouseId, day, boxTypeId, coefficient, allowUnload, capacity, booked: 0, openedAt: null };
    if (isOpen(cell)) cell.openedAt = this.createdAt;
    return cell;
  }
}

/** One feed row with WB's field names and order; tariffs are null where WB sends null (no acceptance). */
function feedRow(warehouse: Warehouse, cell: Cell, legacy: boolean): Record<string, unknown> {
  const priced = cell.coefficient >= 0;
  const delivery = warehouse.deliveryCoef / 100;
  const storage = warehouse.storageCoef / 100;
  const pallet = cell.boxTypeId === MONOPALLET;
  const row: Record<string, unknown> = {
    date: dayToIso(cell.day),
    coefficient: cell.coefficient,
    warehouseID: warehouse.id,
    warehouseName: warehouse.name,
    allowUnload: cell.allowUnload,
  };
  if (legacy) row.boxTypeName = BOX_TYPE_NAMES[cell.boxTypeId];
  if (cell.boxTypeId !== QR) row.boxTypeID = cell.boxTypeId;
  row.storageCoef = priced ? String(warehouse.storageCoef) : null;
  row.deliveryCoef = priced ? String(warehouse.deliveryCoef) : null;
  row.deliveryBaseLiter = priced ? (46 * delivery).toFixed(2) : null;
  row.deliveryAdditionalLiter = priced ? (14 * delivery).toFixed(2) : null;
  // For pallets WB quotes storage per pallet, not per litre.
  row.storageBaseLiter = priced ? (pallet ? 25 * storage : 0.08 * storage).toFixed(2) : null;
  row.storageAdditionalLiter = priced ? (pallet ? 0 : 0.08 * storage).toFixed(2) : null;
  row.isSortingCenter = warehouse.isSortingCenter;
  return row;
}
