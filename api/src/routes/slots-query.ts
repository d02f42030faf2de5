import { AppError, isBoxTypeId } from "@slotpilot/domain";

export const MAX_CALENDAR_DAYS = 31;
export const MAX_WAREHOUSE_IDS = 200;
/** WB publishes the next 14 days: the calendar's default window. */
const DEFAULT_DAYS = 14;
const DAY_MS = 86_400_000;
const MOSCOW_OFFSET_MS = 3 * 3_600_000;

export interface SlotsQuery {
  from: string;
  to: string;
  boxTypeId: number | undefined;
  warehouseIds: number[] | undefined;
}

/** Raw query strings as they arrive; empty strings count as absent. */
export interface RawSlotsQuery {
  from?: string | undefined;
  to?: string | undefined;
  boxTypeId?: string | undefined;
  warehouseIds?: string | undefined;
}

/**
 * Turns the calendar's query string into a checked query, or a typed error naming what is wrong.
 * Without dates it shows WB's window: today (Moscow, the sellers' and WB's day) and the next 13 days.
 */
export function parseSlotsQuery(raw: RawSlotsQuery, now: Date): SlotsQuery {
  const from = raw.from ? parseDay(raw.from, "from") : moscowToday(now);
  const to = raw.to ? parseDay(raw.to, "to") : addDays(from, DEFAULT_DAYS - 1);
  if (from > to) throw new AppError("slots.date_order", { from, to });
  if (daysBetween(from, to) + 1 > MAX_CALENDAR_DAYS)
    throw new AppError("slots.range_too_long", { max: MAX_CALENDAR_DAYS });
  return {
    from,
    to,
    boxTypeId: raw.boxTypeId ? parseBoxType(raw.boxTypeId) : undefined,
    warehouseIds: raw.warehouseIds ? parseWarehouseIds(raw.warehouseIds) : undefined,
  };
}

export function parseBoxType(raw: string): number {
  const value = /^\d{1,2}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!isBoxTypeId(value)) throw new AppError("slots.unknown_box_type", { boxTypeId: raw.slice(0, 20) });
  return value;
}

export function parseWarehouseId(raw: string | undefined): number {
  const value = raw && /^\d{1,9}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value <= 0) throw new AppError("slots.warehouse_invalid");
  return value;
}

function parseWarehouseIds(raw: string): number[] {
  const parts = raw.split(",").map((p) => p.trim());
  if (parts.length > MAX_WAREHOUSE_IDS || parts.some((p) => !/^\d{1,9}$/.test(p) || Number(p) <= 0)) {
    throw new AppError("slots.warehouse_ids_invalid", { max: MAX_WAREHOUSE_IDS });
  }
  return [...new Set(parts.map(Number))];
}

/** A real calendar day written `YYYY-MM-DD` (so 2026-02-30 is refused, not rolled into March). */
function parseDay(raw: string, field: "from" | "to"): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  const date = match ? new Date(`${raw}T00:00:00Z`) : undefined;
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== raw) {
    throw new AppError("slots.date_invalid", { field });
  }
  return raw;
}

function moscowToday(now: Date): string {
  return new Date(now.getTime() + MOSCOW_OFFSET_MS).toISOString().slice(0, 10);
}

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}
