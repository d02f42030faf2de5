import { SUPPLY_STATUS, type Supply } from "./accounts.ts";
import { MONOPALLET } from "./box-types.ts";
import { type Cell, isOpen } from "./calendar.ts";
import { dayToIso, isoTime } from "./dates.ts";
import type { SandboxState } from "./state.ts";

/** How far ahead the portal lets a seller plan (the calendar shows a month). */
export const PLANNING_DAYS = 30;

export type PlanFailure =
  | "captcha_invalid"
  | "preorder_not_found"
  | "already_planned"
  | "not_planned"
  | "monopallet_count_required"
  | "warehouse_unavailable"
  | "date_unavailable"
  | "slot_closed"
  | "no_capacity";

/** WB-like texts for the portal and the JSON-RPC error message; `reason` is the stable code. */
export const PLAN_MESSAGES: Record<PlanFailure, string> = {
  captcha_invalid: "Не пройдена проверка. Обновите страницу и попробуйте снова",
  preorder_not_found: "Поставка не найдена",
  already_planned: "Поставка уже запланирована",
  not_planned: "Поставка ещё не запланирована",
  monopallet_count_required: "Укажите количество монопаллет",
  warehouse_unavailable: "Склад не принимает поставки этого типа",
  date_unavailable: "Дата недоступна для планирования",
  slot_closed: "Приёмка на выбранную дату недоступна",
  no_capacity: "На выбранную дату закончились лимиты приёмки",
};

export type PlanResult = { ok: true; supply: Supply } | { ok: false; reason: PlanFailure };

export interface PlanInput {
  supplierId: number;
  captchaToken: string | undefined;
  /** Who is calling: a token is good only for the session and browser whose page earned it. */
  caller: { session: string; userAgent: string | undefined };
  day: number;
  warehouseId?: number | undefined;
  monopalletCount?: number | undefined;
}

/**
 * Books a cell for a preorder. Everything from the captcha check to taking capacity runs in one
 * synchronous block: on a single-threaded runtime that block is the lock, so two concurrent
 * requests for the last unit of capacity can never both see it free.
 */
export function planAdd(state: SandboxState, input: PlanInput & { preorderId: number }): PlanResult {
  state.sync();
  if (!state.consumeCaptchaToken(input.captchaToken, input.caller)) return { ok: false, reason: "captcha_invalid" };
  const supply = state.accounts.supplies.get(input.preorderId);
  if (!supply || supply.supplierId !== input.supplierId) return { ok: false, reason: "preorder_not_found" };
  if (supply.statusId !== SUPPLY_STATUS.notPlanned) return { ok: false, reason: "already_planned" };
  return take(state, supply, input);
}

/** Moves an already planned supply to another date, giving its old cell's capacity back. */
export function planUpdate(state: SandboxState, input: PlanInput & { supplyId: number }): PlanResult {
  state.sync();
  if (!state.consumeCaptchaToken(input.captchaToken, input.caller)) return { ok: false, reason: "captcha_invalid" };
  const supply = state.accounts.findBySupplyId(input.supplyId);
  if (!supply || supply.supplierId !== input.supplierId) return { ok: false, reason: "preorder_not_found" };
  if (supply.statusId !== SUPPLY_STATUS.planned || supply.supplyDay === null)
    return { ok: false, reason: "not_planned" };
  const previous = state.world.cellAt(supply.warehouseId, supply.supplyDay, supply.boxTypeId);
  const result = take(state, supply, input);
  if (result.ok && previous) state.world.calendar.release(previous, state.now());
  return result;
}

function take(state: SandboxState, supply: Supply, input: PlanInput): PlanResult {
  const now = state.now();
  const warehouseId = input.warehouseId ?? supply.warehouseId;
  if (supply.boxTypeId === MONOPALLET && !(input.monopalletCount && input.monopalletCount > 0)) {
    return { ok: false, reason: "monopallet_count_required" };
  }
  const today = state.today();
  if (input.day < today || input.day >= today + PLANNING_DAYS) return { ok: false, reason: "date_unavailable" };
  const cell = state.world.cellAt(warehouseId, input.day, supply.boxTypeId);
  if (!cell) return { ok: false, reason: "warehouse_unavailable" };
  const refusal = refuse(cell);
  if (refusal) return { ok: false, reason: refusal };

  const openedAt = cell.openedAt;
  state.world.calendar.book(cell, now);
  supply.warehouseId = warehouseId;
  supply.statusId = SUPPLY_STATUS.planned;
  supply.supplyDay = input.day;
  supply.updatedAt = now;
  supply.paidAcceptanceCoefficient = cell.coefficient;
  // WB bills paid acceptance per unit; the sandbox keeps a plain, visible formula.
  supply.acceptanceCost = cell.coefficient * supply.quantity * 1.5;
  state.accounts.assignSupplyId(supply);
  state.world.recordBooking({
    preorderId: supply.preorderId,
    supplierId: supply.supplierId,
    warehouseId,
    date: dayToIso(input.day),
    boxTypeId: supply.boxTypeId === 0 ? null : supply.boxTypeId,
    coefficient: cell.coefficient,
    openedAt: openedAt === null ? null : isoTime(openedAt),
    bookedAt: isoTime(now),
    by: "seller",
  });
  return { ok: true, supply };
}

function refuse(cell: Cell): PlanFailure | undefined {
  if (cell.coefficient < 0) return "slot_closed";
  if (cell.booked >= cell.capacity) return "no_capacity";
  if (!isOpen(cell)) return "slot_closed";
  return undefined;
}

/** The per-seller calendar behind `getAcceptanceCosts`: it keeps working when the feed is off. */
export function acceptanceCosts(state: SandboxState, supply: Supply, fromDay: number, toDay: number) {
  state.sync();
  const today = state.today();
  const first = Math.max(fromDay, today);
  const last = Math.min(toDay, today + PLANNING_DAYS - 1);
  const costs = [];
  for (let day = first; day <= last; day++) {
    const cell = state.world.cellAt(supply.warehouseId, day, supply.boxTypeId);
    const open = cell !== undefined && isOpen(cell);
    const coefficient = open ? cell.coefficient : -1;
    costs.push({
      date: dayToIso(day),
      coefficient,
      cost: open ? cell.coefficient * supply.quantity * 1.5 : null,
      warehouseID: supply.warehouseId,
      boxTypeID: supply.boxTypeId === 0 ? null : supply.boxTypeId,
    });
  }
  return costs;
}
