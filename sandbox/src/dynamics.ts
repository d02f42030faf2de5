import type { Calendar, Cell, CellPatch } from "./calendar.ts";
import { FEED_DAYS } from "./calendar.ts";
import type { Random } from "./prng.ts";

export interface DynamicsOptions {
  /** Bursts of cheap/free cells per hour of world time. */
  burstsPerHour: number;
  /** How many cells flap between two values all the time. */
  flappingCells: number;
  /** Chance per step that one random cell changes price or closes (WB logged ~1,500 changes in 4.5 h). */
  driftPerStep: number;
  /** Share of burst cells that close again within seconds. */
  quickCloseShare: number;
}

export const DEFAULT_DYNAMICS: DynamicsOptions = {
  burstsPerHour: 30,
  flappingCells: 12,
  driftPerStep: 0.1,
  quickCloseShare: 0.3,
};

interface Flapper {
  cell: Cell;
  values: readonly [number, number];
  periodMs: number;
  nextAt: number;
  phase: 0 | 1;
}

interface Scheduled {
  at: number;
  cell: Cell;
  patch: CellPatch;
}

/**
 * The background weather of the slot world: bursts, flapping, drift and quick closes. Every choice
 * comes from one seeded stream consumed in step order, so the same seed and the same number of
 * steps give the same calendar.
 */
export class Dynamics {
  private readonly random: Random;
  private readonly calendar: Calendar;
  private readonly options: DynamicsOptions;
  private readonly flappers: Flapper[] = [];
  private scheduled: Scheduled[] = [];

  constructor(random: Random, calendar: Calendar, options: DynamicsOptions, start: { now: number; today: number }) {
    this.random = random;
    this.calendar = calendar;
    this.options = options;
    for (let i = 0; i < options.flappingCells; i++) {
      const cell = this.randomCell(start.today + 1, FEED_DAYS - 1);
      const high = random.pick([5, 10, 10, 15, -1]);
      this.flappers.push({
        cell,
        values: [0, high],
        periodMs: random.int(5, 40) * 1000,
        nextAt: start.now + random.int(1, 30) * 1000,
        phase: 0,
      });
    }
  }

  step(now: number, today: number, stepMs: number): void {
    this.runScheduled(now);
    for (const f of this.flappers) {
      if (f.nextAt > now) continue;
      f.phase = f.phase === 0 ? 1 : 0;
      const coefficient = f.values[f.phase];
      // Each reopening brings a place back, or a flapper taken once by a competitor would stay shut.
      const capacity = Math.max(f.cell.capacity, f.cell.booked + 1);
      this.calendar.update(f.cell, { coefficient, allowUnload: coefficient >= 0, capacity }, now);
      f.nextAt = now + f.periodMs;
    }
    if (this.random.chance(this.options.driftPerStep)) this.drift(now, today);
    if (this.random.chance((this.options.burstsPerHour * stepMs) / 3_600_000)) this.burst(now, today);
  }

  /** Opens a group of neighbouring cells cheaply, then closes each again after seconds or minutes. */
  burst(now: number, today: number, coefficient?: number): Cell[] {
    const r = this.random;
    const warehouse = r.chance(0.6) ? r.pick(this.calendar.warehouses.slice(0, 28)) : r.pick(this.calendar.warehouses);
    const firstDay = today + r.int(1, 10);
    const days = r.int(1, 3);
    const opened: Cell[] = [];
    for (let day = firstDay; day < firstDay + days; day++) {
      for (const boxTypeId of warehouse.boxTypes) {
        if (opened.length > 0 && !r.chance(0.6)) continue;
        const cell = this.calendar.get(warehouse.id, day, boxTypeId);
        if (!cell) continue;
        const restore = { coefficient: cell.coefficient, allowUnload: cell.allowUnload };
        const value = coefficient ?? (r.chance(0.7) ? 0 : 1);
        this.calendar.update(cell, { coefficient: value, allowUnload: true, capacity: cell.booked + r.int(1, 3) }, now);
        const lifetime = r.chance(this.options.quickCloseShare) ? r.int(2, 8) : r.int(15, 120);
        this.schedule(now + lifetime * 1000, cell, restore);
        opened.push(cell);
      }
    }
    return opened;
  }

  schedule(at: number, cell: Cell, patch: CellPatch): void {
    this.scheduled.push({ at, cell, patch });
  }

  private drift(now: number, today: number): void {
    const cell = this.randomCell(today, FEED_DAYS);
    const r = this.random;
    const roll = r.next();
    if (roll < 0.5) this.calendar.update(cell, { coefficient: -1, allowUnload: false }, now);
    else if (roll < 0.9) this.calendar.update(cell, { coefficient: r.int(2, 20), allowUnload: true }, now);
    else this.calendar.update(cell, { coefficient: 1, allowUnload: true }, now);
  }

  private runScheduled(now: number): void {
    if (this.scheduled.length === 0) return;
    const due = this.scheduled.filter((s) => s.at <= now);
    if (due.length === 0) return;
    this.scheduled = this.scheduled.filter((s) => s.at > now);
    for (const s of due) this.calendar.update(s.cell, s.patch, now);
  }

  private randomCell(firstDay: number, days: number): Cell {
    const r = this.random;
    for (;;) {
      const warehouse = r.pick(this.calendar.warehouses);
      const cell = this.calendar.get(warehouse.id, firstDay + r.int(0, days - 1), r.pick(warehouse.boxTypes));
      if (cell) return cell;
    }
  }
}
