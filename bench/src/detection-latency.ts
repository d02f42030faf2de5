/**
 * Detection latency: the sandbox (real time) opens a cell at a random moment; how long until the
 * monitor emits the decision for a task that wants it? p50 / p95 with 1 token and with 10 tokens
 * (10 sandbox sellers). Target: p95 ≤ 10 s / tokens + 300 ms.
 *
 * Run: pnpm --filter @slotpilot/bench detection [samplesWith1Token=8] [samplesWith10Tokens=30]
 * (about two minutes with the defaults).
 */
import { listMonitorCabinets, sealCabinetToken, upsertTelegramUser } from "@slotpilot/db";
import { createTestDatabase, startTestCluster } from "@slotpilot/db/testing";
import type { Decision } from "@slotpilot/domain";
import { silentLogger } from "@slotpilot/observability";
import { startSandbox } from "@slotpilot/sandbox";
import { createWbOfficialClient } from "@slotpilot/wb";
import {
  createFeedSource,
  MONITOR_CONCURRENT_READS,
  runMonitor,
  systemClock,
  tokensFromCabinets,
} from "@slotpilot/workers";
import { percentile, seeded } from "./random.ts";

const KEY = Buffer.alloc(32, 9);
const DAY = 86_400_000;
const [ONE = 8, TEN = 30] = process.argv.slice(2).map(Number).filter(Boolean);

const cluster = await startTestCluster();
const sandbox = await startSandbox({ port: 0, autoRun: true });
// Only what the benchmark opens moves: no random bursts, no competitors taking cells.
sandbox.control.loadScenario({ name: "bench", seed: 3, background: false, timeline: [] });
sandbox.control.setFaults({ competitorDelayMs: null });

const day = (offset: number) => new Date(sandbox.control.now() + offset * DAY).toISOString().slice(0, 10);
const feed = JSON.parse(sandbox.control.feedJson()) as { warehouseID: number; boxTypeID?: number }[];
const warehouses = [...new Set(feed.filter((r) => r.boxTypeID === 2).map((r) => r.warehouseID))].slice(0, 20);
const cells = warehouses.flatMap((warehouseId) =>
  Array.from({ length: 12 }, (_, i) => ({ warehouseId, date: day(i + 1), boxTypeId: 2 })),
);

async function measure(tokens: number, samples: number, random: () => number) {
  const test = await createTestDatabase(cluster.adminUrl);
  const { organization } = await upsertTelegramUser(
    test.db,
    { telegramId: 77, firstName: "Bench" },
    { isAdmin: false },
  );
  let cabinetId = 0;
  for (const account of sandbox.control.createSeller({ cabinets: tokens }).cabinets) {
    const row = await test.db
      .insertInto("cabinets")
      .values({
        organization_id: organization.id,
        name: `bench ${account.supplierId}`,
        wb_account_id: account.supplierId,
        token_type: "personal",
        monitor_opt_in: true,
        ...sealCabinetToken(KEY, organization.id, account.tokens.personal),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    cabinetId = row.id;
  }
  // A draft with 20 candidate warehouses in alert mode: every cell the benchmark opens is news to it.
  await test.db
    .insertInto("booking_tasks")
    .values({
      organization_id: organization.id,
      cabinet_id: cabinetId,
      supply_kind: "draft",
      supply_id: "bench",
      warehouse_ids: warehouses,
      box_type_id: 2,
      date_from: day(1),
      date_to: day(12),
      max_coefficient: 0,
      mode: "alert",
    })
    .execute();
  for (const cell of cells) sandbox.control.setCell({ ...cell, coefficient: -1 });

  const waiting = new Map<string, (at: number) => void>();
  const monitor = await runMonitor({
    db: test.db,
    sources: [
      createFeedSource({
        client: createWbOfficialClient({ hosts: sandbox.hosts }),
        loadTokens: async () => tokensFromCabinets(KEY, await listMonitorCabinets(test.db), () => {}),
        clock: systemClock,
        log: silentLogger,
      }),
    ],
    log: silentLogger,
    concurrentReads: MONITOR_CONCURRENT_READS,
    onDecisions: (decisions: readonly Decision[]) => {
      const at = performance.now();
      for (const d of decisions) waiting.get(`${d.warehouseId}:${d.date}`)?.(at);
    },
  });
  const intervalMs = 10_000 / tokens;
  while (monitor.status().lastReadAt === null) await sleep(50);

  const latencies: number[] = [];
  for (let i = 0; i < samples; i++) {
    const cell = cells[i % cells.length] as (typeof cells)[number];
    // A random phase against the monitor's reads, as a real opening would have.
    await sleep(random() * intervalMs);
    const seen = new Promise<number>((resolve) => waiting.set(`${cell.warehouseId}:${cell.date}`, resolve));
    const opened = performance.now();
    sandbox.control.setCell({ ...cell, coefficient: 0 });
    const at = await Promise.race([seen, sleep(intervalMs * 3 + 5_000).then(() => Number.NaN)]);
    latencies.push(at - opened);
    sandbox.control.setCell({ ...cell, coefficient: -1 });
  }
  const status = monitor.status();
  await monitor.stop();
  await test.drop();
  const sorted = latencies.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  return { intervalMs, sorted, missed: latencies.length - sorted.length, readsPerMinute: status.readsPerMinute };
}

function sleep(ms: number) {
  return new Promise<void>((resolve) => setTimeout(resolve, ms));
}

const random = seeded(11);
console.log("tokens   feed interval   samples   p50        p95        max        target p95   reads/min   verdict");
for (const [tokens, samples] of [
  [1, ONE],
  [10, TEN],
] as const) {
  const r = await measure(tokens, samples, random);
  const target = r.intervalMs + 300;
  const p95 = percentile(r.sorted, 95);
  const ms = (v: number) => `${Math.round(v)} ms`.padEnd(11);
  console.log(
    [
      String(tokens).padEnd(8),
      `${r.intervalMs} ms`.padEnd(15),
      `${r.sorted.length}${r.missed ? ` (+${r.missed} missed)` : ""}`.padEnd(9),
      ms(percentile(r.sorted, 50)),
      ms(p95),
      ms(r.sorted.at(-1) ?? Number.NaN),
      ms(target).padEnd(12),
      String(r.readsPerMinute).padEnd(11),
      p95 <= target && r.missed === 0 ? "ok" : "over target",
    ].join(" "),
  );
}

await sandbox.close();
await cluster.stop();
