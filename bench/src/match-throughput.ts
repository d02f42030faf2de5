/**
 * Matching throughput: N active tasks against a 5,600-row snapshot (150 warehouses × 14 days ×
 * their box types, as WB's feed) with 2% of cells changed per batch. Target: ≤ 50 ms per batch at
 * 100,000 tasks. Run: pnpm --filter @slotpilot/bench match [taskCounts…]
 */
import { type BoxTypeId, type MatchTask, matchSlots, type SlotChange, TaskIndex } from "@slotpilot/domain";
import { percentile, seeded } from "./random.ts";

const NOW = Date.parse("2026-11-21T08:00:00Z");
const DAY = 86_400_000;
const WAREHOUSES = Array.from({ length: 150 }, (_, i) => 1000 + i);
const BOX_TYPES_OF = (w: number): BoxTypeId[] => (w % 3 === 0 ? [2, 5] : [2, 5, 6]);
const dateOf = (offset: number) => new Date(NOW + offset * DAY).toISOString().slice(0, 10);
const rows = WAREHOUSES.flatMap((w) =>
  Array.from({ length: 14 }, (_, d) =>
    BOX_TYPES_OF(w).map((b) => ({ warehouseId: w, date: dateOf(d + 1), boxTypeId: b })),
  ).flat(),
);

function tasks(count: number, random: () => number): MatchTask[] {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)] as T;
  return Array.from({ length: count }, (_, id) => {
    const from = 1 + Math.floor(random() * 7);
    const warehouses = random() < 0.3 ? [pick(WAREHOUSES), pick(WAREHOUSES), pick(WAREHOUSES)] : [pick(WAREHOUSES)];
    return {
      id,
      organizationId: id % 5000,
      warehouses: [...new Set(warehouses)],
      supplyKey: `p${id}`,
      boxTypeId: pick<BoxTypeId>([2, 2, 2, 5, 6]),
      dateFrom: dateOf(from),
      dateTo: dateOf(from + 3 + Math.floor(random() * 10)),
      skipDates: new Set(random() < 0.2 ? [dateOf(from + 1)] : []),
      maxCoefficient: pick([0, 0, 0, 1, 2, 5]),
      deadline: random() < 0.3 ? NOW + Math.floor(random() * 5 * DAY) : null,
      mode: random() < 0.8 ? "book" : "alert",
      planTier: Math.floor(random() * 3),
      createdAt: NOW - Math.floor(random() * 30 * DAY),
      flapGuard: random() < 0.8 ? "first-sight" : "confirm",
      bookingInFlight: false,
    };
  });
}

function batch(random: () => number): SlotChange[] {
  const changed = Math.round(rows.length * 0.02);
  return Array.from({ length: changed }, () => {
    const row = rows[Math.floor(random() * rows.length)] as (typeof rows)[number];
    const opening = random() < 0.5;
    return {
      ...row,
      coefficient: opening ? Math.floor(random() * 3) : -1,
      allowUnload: opening,
      previous: opening
        ? { coefficient: -1, allowUnload: false, since: NOW - 60_000 }
        : { coefficient: 0, allowUnload: true, since: NOW - 60_000 },
      streak: random() < 0.8 ? 1 : 2,
      since: NOW,
    };
  });
}

const counts = process.argv.slice(2).map(Number).filter(Boolean);
console.log(`snapshot: ${rows.length} rows, batch: ${Math.round(rows.length * 0.02)} changed cells (2%)`);
console.log("tasks      index build   match p50   match p95   match max   decisions/batch   heap");
for (const count of counts.length ? counts : [10_000, 100_000, 1_000_000]) {
  const random = seeded(count);
  const list = tasks(count, random);
  const t0 = performance.now();
  const index = new TaskIndex(list);
  const build = performance.now() - t0;
  for (let i = 0; i < 5; i++) matchSlots(batch(random), index, NOW); // warm-up
  const times: number[] = [];
  let decided = 0;
  for (let i = 0; i < 50; i++) {
    const changes = batch(random);
    const start = performance.now();
    decided += matchSlots(changes, index, NOW).length;
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const ms = (v: number) => `${v.toFixed(2)} ms`.padStart(10);
  console.log(
    `${String(count).padStart(9)}  ${ms(build)}    ${ms(percentile(times, 50))}  ${ms(percentile(times, 95))}  ${ms(times.at(-1) ?? 0)}  ${String(Math.round(decided / 50)).padStart(15)}   ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB`,
  );
}
