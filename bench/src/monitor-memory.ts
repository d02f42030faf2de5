/**
 * Monitor memory: RSS and heap of the monitor holding a 150-warehouse × 30-day calendar (× 3 box
 * types = 13,500 cells) with 10,000 active tasks in its index, after many reads that each change 2%
 * of the cells. The rows come from a synthetic slot source (WB's feed covers 14 days; this sizes the
 * calendar for 30) into a real PostgreSQL. Also prints the time one read spends in the pipeline.
 *
 * Run: pnpm --filter @slotpilot/bench monitor-memory [reads=300]
 * (`--expose-gc` is in the script, so figures are taken after a full collection.)
 */
import { upsertTelegramUser } from "@slotpilot/db";
import { createTestDatabase, startTestCluster } from "@slotpilot/db/testing";
import type { FeedRow } from "@slotpilot/domain";
import { silentLogger } from "@slotpilot/observability";
import { createMonitor, type SlotSource } from "@slotpilot/workers";
import { percentile, seeded } from "./random.ts";

const READS = Number(process.argv[2]) || 300;
const WAREHOUSES = 150;
const DAYS = 30;
const BOX_TYPES = [2, 5, undefined] as const;
const TASKS = 10_000;
const DAY = 86_400_000;
const T0 = Date.parse("2026-11-21T06:00:00Z");

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const gc = () => (globalThis as { gc?: () => void }).gc?.();
function memory() {
  gc();
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed, heapTotal: m.heapTotal, external: m.external };
}

const cluster = await startTestCluster();
const test = await createTestDatabase(cluster.adminUrl);
const { organization } = await upsertTelegramUser(test.db, { telegramId: 5, firstName: "Mem" }, { isAdmin: false });
const cabinet = await test.db
  .insertInto("cabinets")
  .values({
    organization_id: organization.id,
    name: "mem",
    token_sealed: Buffer.from([0]),
    token_fingerprint: "mem",
    token_type: "personal",
  })
  .returning("id")
  .executeTakeFirstOrThrow();

const random = seeded(42);
const date = (offset: number) => new Date(T0 + offset * DAY).toISOString().slice(0, 10);
for (let i = 0; i < TASKS; i += 1_000) {
  await test.db
    .insertInto("booking_tasks")
    .values(
      Array.from({ length: 1_000 }, (_, j) => {
        const from = 1 + Math.floor(random() * 14);
        return {
          organization_id: organization.id,
          cabinet_id: cabinet.id,
          supply_kind: "preorder" as const,
          supply_id: String(i + j),
          warehouse_ids: [1000 + Math.floor(random() * WAREHOUSES)],
          box_type_id: 2,
          date_from: date(from),
          date_to: date(from + 10),
          max_coefficient: Math.floor(random() * 3),
          mode: random() < 0.8 ? ("book" as const) : ("alert" as const),
          // Sellers touched their tasks over the past week, not all in the last minute (the task
          // book's catch-up re-reads what changed within a minute of the newest change).
          updated_at: new Date(Date.now() - (i + j) * 60_000),
        };
      }),
    )
    .execute();
}

const rows: FeedRow[] = [];
for (let w = 0; w < WAREHOUSES; w++)
  for (let d = 0; d < DAYS; d++)
    for (const boxTypeID of BOX_TYPES)
      rows.push({
        date: `${date(d)}T00:00:00Z`,
        coefficient: random() < 0.55 ? -1 : Math.floor(random() * 20),
        warehouseID: 1000 + w,
        warehouseName: `Склад ${w}`,
        allowUnload: random() < 0.9,
        boxTypeID,
        isSortingCenter: w % 3 === 0,
      });

/** Each read moves 2% of the cells: open, close or re-price. */
const source: SlotSource = {
  name: "synthetic",
  nextReadAt: async (now) => now,
  read: async () => {
    for (let i = 0; i < rows.length * 0.02; i++) {
      const index = Math.floor(random() * rows.length);
      const row = rows[index] as FeedRow;
      const open = random() < 0.5;
      rows[index] = { ...row, coefficient: open ? Math.floor(random() * 3) : -1, allowUnload: open };
    }
    return { rows: rows.slice(), via: "synthetic" };
  },
  health: () => ({ usableAccounts: 1, usableTokens: 1 }),
};

let now = T0;
const monitor = createMonitor({
  db: test.db,
  sources: [source],
  log: silentLogger,
  clock: { now: () => now, sleep: async () => {} },
  statusEveryMs: 60_000,
});

const before = memory();
await monitor.start();
const afterStart = memory();
const signal = new AbortController().signal;
const times: number[] = [];
let afterFirst = before;
for (let i = 0; i < READS; i++) {
  now += 1_000;
  const start = performance.now();
  await monitor.cycle(signal);
  times.push(performance.now() - start);
  if (i === 0) afterFirst = memory();
  if ((i + 1) % 100 === 0) {
    const m = memory();
    console.log(`after ${i + 1} reads: RSS ${mb(m.rss)}, heap used ${mb(m.heap)} of ${mb(m.heapTotal)} committed`);
  }
}
const after = memory();
const status = monitor.status();
await monitor.close();
times.sort((a, b) => a - b);

console.log(`calendar: ${WAREHOUSES} warehouses × ${DAYS} days × ${BOX_TYPES.length} box types = ${rows.length} cells`);
console.log(`tasks: ${TASKS} active; reads: ${READS}, each changing 2% of the cells; last error: ${status.lastError}`);
const line = (name: string, m: ReturnType<typeof memory>) =>
  console.log(`${name.padEnd(22)}${mb(m.rss).padEnd(13)}${mb(m.heap).padEnd(13)}${mb(m.heapTotal)}`);
console.log(`${"".padEnd(22)}${"RSS".padEnd(13)}${"heap used".padEnd(13)}heap committed`);
line("before the monitor", before);
line("after start (tasks)", afterStart);
line("after the first read", afterFirst);
line(`after ${READS} reads`, after);
console.log(`monitor's share       ${mb(after.rss - before.rss).padEnd(13)}${mb(after.heap - before.heap)}`);
console.log(
  `one read through diff → match → one transaction: p50 ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms (first read, all cells new: ${Math.max(...times).toFixed(0)} ms)`,
);

await test.drop();
await cluster.stop();
