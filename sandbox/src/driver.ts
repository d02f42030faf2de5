import { normalizePhone } from "./accounts.ts";
import { toBoxTypeId } from "./box-types.ts";
import { type Cell, isOpen } from "./calendar.ts";
import { dayToIso, isoTime, parseDay } from "./dates.ts";
import { type Faults, type FaultsPatch, faultsPatchSchema } from "./faults.ts";
import type { ParsedScenario } from "./scenario.ts";
import type { RequestLogEntry, SandboxState } from "./state.ts";
import { type BookingRecord, STEP_MS } from "./world.ts";

/** A control request that cannot be honoured; the control API maps it to 400 / 404. */
export class ControlError extends Error {
  readonly status: 400 | 404;
  constructor(status: 400 | 404, message: string) {
    super(message);
    this.name = "ControlError";
    this.status = status;
  }
}

export interface CreatedSeller {
  phone: string;
  cabinets: { supplierId: number; name: string; tokens: { personal: string; basic: string } }[];
}

export interface CellInput {
  warehouseId: number;
  date: string;
  boxTypeId: number | null;
  coefficient: number;
  allowUnload?: boolean;
  /** How many more supplies may book the cell (defaults to at least one when opening). */
  capacity?: number;
}

export interface CellView {
  warehouseId: number;
  date: string;
  boxTypeId: number | null;
  coefficient: number;
  allowUnload: boolean;
  capacity: number;
  booked: number;
  bookable: boolean;
  openedAt: string | null;
}

/**
 * The operations tests, benchmarks and the demo use to steer the sandbox, shared by the in-process
 * handle and the `/__sandbox` HTTP routes so both behave identically.
 */
export class SandboxDriver {
  readonly state: SandboxState;

  constructor(state: SandboxState) {
    this.state = state;
  }

  now(): number {
    return this.state.now();
  }

  /** Moves the clock and plays every world step due (with autoRun the real clock keeps moving too). */
  advance(ms: number): void {
    this.state.clock.advance(ms);
    this.state.sync();
  }

  /** `steps` world steps of one second each. */
  tick(steps = 1): void {
    this.advance(steps * STEP_MS);
  }

  reset(seed?: number): { seed: number } {
    this.state.reset(seed);
    return { seed: this.state.seed };
  }

  createSeller(input: { phone?: string; cabinets?: number | readonly string[] } = {}): CreatedSeller {
    const phone = input.phone === undefined ? undefined : normalizePhone(input.phone);
    if (input.phone !== undefined && !phone) throw new ControlError(400, "phone: expects +7 and 10 digits");
    const count = typeof input.cabinets === "number" ? input.cabinets : undefined;
    if (count !== undefined && (!Number.isInteger(count) || count < 1 || count > 20)) {
      throw new ControlError(400, "cabinets: expects 1..20 or a list of names");
    }
    const names =
      count === undefined
        ? (input.cabinets as readonly string[] | undefined)
        : Array.from({ length: count }, (_, i) => `ИП Продавец ${this.state.accounts.cabinets.size + i + 1}`);
    const seller = this.state.accounts.createSeller({
      ...(phone ? { phone } : {}),
      ...(names ? { cabinets: names } : {}),
    });
    return {
      phone: seller.phone,
      cabinets: seller.cabinets.map((c) => ({ supplierId: c.supplierId, name: c.name, tokens: { ...c.tokens } })),
    };
  }

  createPreorder(input: {
    supplierId: number;
    warehouseId: number;
    boxTypeId: number | null;
    isBoxOnPallet?: boolean;
    /** Made from this draft (as the portal's `supply/create` does). */
    draftId?: string;
  }): {
    preorderId: number;
  } {
    if (!this.state.accounts.cabinets.has(input.supplierId)) throw new ControlError(404, "unknown supplierId");
    const boxTypeId = toBoxTypeId(input.boxTypeId);
    if (boxTypeId === undefined) throw new ControlError(400, "boxTypeId: expects 2, 5, 6, or 0/null for QR");
    const warehouse = this.state.world.calendar.byId.get(input.warehouseId);
    if (!warehouse) throw new ControlError(404, "unknown warehouseId");
    if (!warehouse.boxTypes.includes(boxTypeId))
      throw new ControlError(400, "this warehouse does not take that box type");
    const supply = this.state.accounts.createPreorder({ ...input, boxTypeId, now: this.state.now() });
    return { preorderId: supply.preorderId };
  }

  createDraft(input: { supplierId: number }): { draftId: string } {
    if (!this.state.accounts.cabinets.has(input.supplierId)) throw new ControlError(404, "unknown supplierId");
    return { draftId: this.state.accounts.createDraft(input.supplierId, this.state.now()).draftId };
  }

  /** Sets one cell now; `openedAt` becomes now when this makes it bookable. */
  setCell(input: CellInput): CellView {
    this.state.sync();
    const cell = this.findCell(input.warehouseId, input.date, input.boxTypeId);
    const allowUnload = input.allowUnload ?? input.coefficient >= 0;
    const remaining =
      input.capacity ?? (input.coefficient >= 0 && allowUnload ? Math.max(1, cell.capacity - cell.booked) : undefined);
    this.state.world.setCell(
      cell,
      {
        coefficient: input.coefficient,
        allowUnload,
        ...(remaining === undefined ? {} : { capacity: cell.booked + remaining }),
      },
      this.state.now(),
    );
    return cellView(cell);
  }

  cell(warehouseId: number, date: string, boxTypeId: number | null): CellView {
    this.state.sync();
    return cellView(this.findCell(warehouseId, date, boxTypeId));
  }

  smsCode(phone: string): string | undefined {
    const normalized = normalizePhone(phone);
    return normalized ? this.state.auth.lastCodes.get(normalized) : undefined;
  }

  /** Successful SMS logins of this phone so far: a session kept alive needs no new one. */
  logins(phone: string): number {
    const normalized = normalizePhone(phone);
    return normalized ? (this.state.auth.logins.get(normalized) ?? 0) : 0;
  }

  captchaAnswer(phone: string): string | undefined {
    const normalized = normalizePhone(phone);
    return normalized ? this.state.auth.captchaAnswer(normalized) : undefined;
  }

  bookings(): BookingRecord[] {
    this.state.sync();
    return [...this.state.world.bookings];
  }

  requests(supplierId: number): RequestLogEntry[] {
    return [...this.state.requestLog(supplierId)];
  }

  setFaults(patch: FaultsPatch): Faults {
    const parsed = faultsPatchSchema.safeParse(patch);
    if (!parsed.success) throw new ControlError(400, parsed.error.issues.map((i) => i.message).join("; "));
    return { ...this.state.applyFaults(parsed.data) };
  }

  loadScenario(scenario: unknown): ParsedScenario {
    try {
      return this.state.loadScenario(scenario);
    } catch (error) {
      throw new ControlError(400, error instanceof Error ? error.message : String(error));
    }
  }

  /** The current feed (what the official API would return), for assertions and the demo. */
  feedJson(options: { warehouseIds?: readonly number[]; legacy?: boolean } = {}): string {
    this.state.sync();
    return this.state.world.calendar.feedJson(this.state.today(), options);
  }

  supplies(supplierId: number) {
    return this.state.accounts.suppliesOf(supplierId).map((s) => ({
      preorderId: s.preorderId,
      supplyId: s.supplyId,
      warehouseId: s.warehouseId,
      boxTypeId: s.boxTypeId === 0 ? null : s.boxTypeId,
      statusId: s.statusId,
      supplyDate: s.supplyDay === null ? null : dayToIso(s.supplyDay),
      draftId: s.draftId,
    }));
  }

  private findCell(warehouseId: number, date: string, boxTypeId: number | null): Cell {
    const day = parseDay(date);
    if (day === undefined) throw new ControlError(400, "date: expects YYYY-MM-DD");
    const cell = this.state.world.cellAt(warehouseId, day, boxTypeId);
    if (!cell) throw new ControlError(404, "no such cell (unknown warehouse or box type not accepted there)");
    return cell;
  }
}

function cellView(cell: Cell): CellView {
  return {
    warehouseId: cell.warehouseId,
    date: dayToIso(cell.day),
    boxTypeId: cell.boxTypeId === 0 ? null : cell.boxTypeId,
    coefficient: cell.coefficient,
    allowUnload: cell.allowUnload,
    capacity: cell.capacity,
    booked: cell.booked,
    bookable: isOpen(cell),
    openedAt: cell.openedAt === null ? null : isoTime(cell.openedAt),
  };
}
