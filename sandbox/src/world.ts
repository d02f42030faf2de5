import { toBoxTypeId } from "./box-types.ts";
import { Calendar, type Cell, type CellPatch, isOpen } from "./calendar.ts";
import { dayOf, dayToIso, isoTime, parseDay } from "./dates.ts";
import { DEFAULT_DYNAMICS, Dynamics, type DynamicsOptions } from "./dynamics.ts";
import type { FaultsPatch } from "./faults.ts";
import { forkRandom } from "./prng.ts";
import type { ParsedScenario, ScenarioEvent } from "./scenario.ts";
import type { Warehouse } from "./warehouses.ts";

/** One world step of simulated time; everything that moves on its own moves on this grid. */
export const STEP_MS = 1000;
const MAX_BOOKINGS_KEPT = 20_000;

export interface BookingRecord {
  preorderId: number | null;
  supplierId: number | null;
  warehouseId: number;
  date: string;
  boxTypeId: number | null;
  coefficient: number;
  openedAt: string | null;
  bookedAt: string;
  by: "seller" | "competitor";
}

export interface WorldOptions {
  seed: number;
  now: number;
  warehouses: readonly Warehouse[];
  background: boolean;
  dynamics?: Partial<DynamicsOptions>;
  /** Read at every step, so a faults change applies at once. */
  competitors: () => { delayMs: number | null; maxCoefficient: number };
  onFaults: (patch: FaultsPatch) => void;
}

interface TimedAction {
  at: number;
  seq: number;
  run: (now: number) => void;
}

/**
 * The calendar plus everything that changes it over time: background dynamics, a scenario
 * timeline and competitors. `runUntil(now)` plays every step due up to `now`, whether a real
 * timer or a test calls it, so time-driven behaviour is the same in both.
 */
export class World {
  readonly calendar: Calendar;
  readonly bookings: BookingRecord[] = [];
  private readonly dynamics: Dynamics;
  private readonly background: boolean;
  private readonly options: WorldOptions;
  private readonly origin: number;
  private readonly originDay: number;
  private nextStepAt: number;
  private timeline: TimedAction[] = [];
  private seq = 0;

  constructor(options: WorldOptions) {
    this.options = options;
    this.origin = options.now;
    this.originDay = dayOf(options.now);
    this.nextStepAt = options.now + STEP_MS;
    this.background = options.background;
    this.calendar = new Calendar({
      seed: options.seed,
      baseDay: this.originDay,
      now: options.now,
      warehouses: options.warehouses,
    });
    this.calendar.materialize(this.originDay, 30);
    this.dynamics = new Dynamics(
      forkRandom(options.seed, "dynamics"),
      this.calendar,
      { ...DEFAULT_DYNAMICS, ...options.dynamics },
      { now: options.now, today: this.originDay },
    );
  }

  runUntil(now: number): void {
    while (this.nextStepAt <= now) {
      const t = this.nextStepAt;
      this.nextStepAt += STEP_MS;
      this.step(t);
    }
  }

  /** Resolves a scenario or control-API target to a cell (undefined: no such warehouse/box type). */
  cellAt(warehouseId: number, day: number, boxTypeId: number | null): Cell | undefined {
    const box = toBoxTypeId(boxTypeId);
    return box === undefined ? undefined : this.calendar.get(warehouseId, day, box);
  }

  setCell(cell: Cell, patch: CellPatch, now: number): void {
    this.calendar.update(cell, patch, now);
  }

  recordBooking(record: BookingRecord): void {
    this.bookings.push(record);
    if (this.bookings.length > MAX_BOOKINGS_KEPT) this.bookings.shift();
  }

  /** Schedules a scenario's events relative to now (the moment it is loaded). */
  loadTimeline(scenario: ParsedScenario, now: number): void {
    for (const event of scenario.timeline) this.schedule(event, now);
    this.timeline.sort((a, b) => a.at - b.at || a.seq - b.seq);
  }

  private schedule(event: ScenarioEvent, origin: number): void {
    const at = origin + event.at;
    const add = (when: number, run: (now: number) => void) => this.timeline.push({ at: when, seq: this.seq++, run });
    switch (event.type) {
      case "faults":
        add(at, () => this.options.onFaults(event.faults));
        return;
      case "burst":
        add(at, (now) => {
          for (let i = 0; i < event.count; i++) this.dynamics.burst(now, dayOf(now), event.coefficient);
        });
        return;
      default:
        break;
    }
    const day = event.date === undefined ? dayOf(origin) + (event.day ?? 0) : parseDay(event.date);
    const cell = day === undefined ? undefined : this.cellAt(event.warehouseId, day, event.boxTypeId);
    if (!cell) throw new Error(`scenario event at ${event.at} ms targets a cell that does not exist`);
    switch (event.type) {
      case "open":
        add(at, (now) =>
          this.setCell(
            cell,
            { coefficient: event.coefficient, allowUnload: true, capacity: cell.booked + event.capacity },
            now,
          ),
        );
        if (event.closeAfterMs !== undefined) {
          add(at + event.closeAfterMs, (now) => this.setCell(cell, { coefficient: -1, allowUnload: false }, now));
        }
        return;
      case "close":
        add(at, (now) => this.setCell(cell, { coefficient: -1, allowUnload: false }, now));
        return;
      case "set":
        add(at, (now) =>
          this.setCell(
            cell,
            {
              coefficient: event.coefficient,
              allowUnload: event.allowUnload ?? event.coefficient >= 0,
              ...(event.capacity === undefined ? {} : { capacity: event.capacity }),
            },
            now,
          ),
        );
        return;
      case "flap":
        for (let i = 0; i < event.times; i++) {
          const value = event.values[i % 2] ?? -1;
          add(at + i * event.periodMs, (now) =>
            this.setCell(
              cell,
              { coefficient: value, allowUnload: value >= 0, capacity: Math.max(cell.capacity, cell.booked + 1) },
              now,
            ),
          );
        }
        return;
    }
  }

  private step(t: number): void {
    while (this.timeline.length > 0 && (this.timeline[0]?.at ?? Infinity) <= t) {
      this.timeline.shift()?.run(t);
    }
    if (this.background) this.dynamics.step(t, dayOf(t), STEP_MS);
    this.competitors(t);
  }

  /** Someone else books a cheap cell once it has been open for the configured delay. */
  private competitors(t: number): void {
    const { delayMs: delay, maxCoefficient } = this.options.competitors();
    if (delay === null) return;
    const today = dayOf(t);
    const taken: Cell[] = [];
    for (const cell of this.calendar.open) {
      if (cell.coefficient > maxCoefficient || cell.day < today) continue;
      if (cell.openedAt !== null && cell.openedAt + delay <= t) taken.push(cell);
    }
    for (const cell of taken) {
      const openedAt = cell.openedAt;
      while (isOpen(cell)) {
        this.calendar.book(cell, t);
        this.recordBooking({
          preorderId: null,
          supplierId: null,
          warehouseId: cell.warehouseId,
          date: dayToIso(cell.day),
          boxTypeId: cell.boxTypeId === 0 ? null : cell.boxTypeId,
          coefficient: cell.coefficient,
          openedAt: openedAt === null ? null : isoTime(openedAt),
          bookedAt: isoTime(t),
          by: "competitor",
        });
      }
    }
  }

  get startedAt(): number {
    return this.origin;
  }
}
