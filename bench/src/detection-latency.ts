/**
 * Detection latency: the sandbox (real time, in a process of its own) opens a cell at a random
 * moment; how long until the monitor hands the decision for a task that wants it to the fast path?
 * With 1, 10 and 50 tokens (sandbox seller accounts), and 10,000 other sellers' active tasks in the
 * database besides the benchmark's own. Target: p95 ≤ 10 s / tokens + 300 ms.
 *
 * The sandbox's own cost of serving the feed — the time to the response's headers, WB's work in
 * production — is measured on every read and taken out of each sample (and printed apart), so the
 * latency is the monitor's: the wait for the next read, the transfer, parsing, diff, match and the
 * decision transaction. Reads/min counts the monitor's feed reads over the sampling run.
 *
 * Run: pnpm --filter @slotpilot/bench detection [samples with 1 token=8] [10 tokens=30] [50 tokens=60] [--extra-tasks=10000]
 * (about three minutes with the defaults).
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { type Db, listMonitorCabinets, sealCabinetToken, upsertTelegramUser } from "@slotpilot/db";
import { createTestDatabase, startTestCluster } from "@slotpilot/db/testing";
import { silentLogger } from "@slotpilot/observability";
import { createWbOfficialClient, type WbHosts } from "@slotpilot/wb";
import {
  createFeedSource,
  MONITOR_CONCURRENT_READS,
  runMonitor,
  type StoredDecision,
  systemClock,
  tokensFromCabinets,
} from "@slotpilot/workers";
import { runWithProductFlags } from "./product-flags.ts";
import { percentile, seeded } from "./random.ts";

// The monitor runs in this process: with the runtime settings the product starts with.
runWithProductFlags();

const KEY = Buffer.alloc(32, 9);
const DAY = 86_400_000;
const args = process.argv.slice(2);
const EXTRA_TASKS = Number(args.find((a) => a.startsWith("--extra-tasks="))?.split("=")[1] ?? 10_000);
const [ONE = 8, TEN = 30, FIFTY = 60] = args.filter((a) => !a.startsWith("--")).map(Number);

const sandboxProcess = spawn(process.execPath, [fileURLToPath(new URL("./sandbox-process.ts", import.meta.url))], {
  stdio: ["ignore", "pipe", "inherit"],
});
const started = await new Promise<{ url: string; hosts: WbHosts }>((resolve, reject) => {
  sandboxProcess.once("error", reject);
  sandboxProcess.once("exit", (code) => reject(new Error(`the sandbox exited (${code})`)));
  createInterface({ input: sandboxProcess.stdout }).once("line", (line) => resolve(JSON.parse(line)));
});

async function control<T>(path: string, body: unknown): Promise<T> {
  const response = await fetch(`${started.url}/__sandbox${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`sandbox ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}
type Seller = { cabinets: { supplierId: number; tokens: { personal: string } }[] };

// Only what the benchmark opens moves: no random bursts, no competitors taking cells.
await control("/scenario", { name: "bench", seed: 3, background: false, timeline: [] });
await control("/faults", { competitorDelayMs: null });

const day = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);
const probe = await control<Seller>("/sellers", { cabinets: 1 });
const feed = (await (
  await fetch(`${started.hosts["common-api"]}/api/tariffs/v1/acceptance/coefficients`, {
    headers: { authorization: probe.cabinets[0]?.tokens.personal ?? "" },
  })
).json()) as { warehouseID: number; boxTypeID?: number }[];
const allWarehouses = [...new Set(feed.filter((r) => r.boxTypeID === 2).map((r) => r.warehouseID))];
const warehouses = allWarehouses.slice(0, 20);
const cells = warehouses.flatMap((warehouseId) =>
  Array.from({ length: 12 }, (_, i) => ({ warehouseId, date: day(i + 1), boxTypeId: 2 })),
);

/** Other sellers' tasks: 500 organizations of 20, on the feed's warehouses, 80 % booking. */
async function crowd(db: Db, random: () => number): Promise<void> {
  if (EXTRA_TASKS === 0) return;
  const orgs = Math.max(1, Math.ceil(EXTRA_TASKS / 20));
  const users = await db
    .insertInto("users")
    .values(Array.from({ length: orgs }, (_, i) => ({ telegram_id: 900_000 + i, first_name: `Seller ${i}` })))
    .returning("id")
    .execute();
  const organizations = await db
    .insertInto("organizations")
    .values(users.map((_, i) => ({ name: `Org ${i}` })))
    .returning("id")
    .execute();
  await db
    .insertInto("memberships")
    .values(organizations.map((o, i) => ({ organization_id: o.id, user_id: (users[i] as { id: number }).id })))
    .execute();
  const cabinets = await db
    .insertInto("cabinets")
    .values(
      organizations.map((o, i) => ({
        organization_id: o.id,
        name: "main",
        token_sealed: Buffer.from([0]),
        token_fingerprint: `crowd-${i}`,
        token_type: "personal" as const,
      })),
    )
    .returning(["id", "organization_id"])
    .execute();
  for (let i = 0; i < EXTRA_TASKS; i += 1_000) {
    await db
      .insertInto("booking_tasks")
      .values(
        Array.from({ length: Math.min(1_000, EXTRA_TASKS - i) }, (_, j) => {
          const cabinet = cabinets[(i + j) % cabinets.length] as { id: number; organization_id: number };
          const from = 1 + Math.floor(random() * 10);
          return {
            organization_id: cabinet.organization_id,
            cabinet_id: cabinet.id,
            supply_kind: "preorder" as const,
            supply_id: `crowd-${i + j}`,
            warehouse_ids: [allWarehouses[Math.floor(random() * allWarehouses.length)] as number],
            box_type_id: 2,
            date_from: day(from),
            date_to: day(from + 4),
            max_coefficient: Math.floor(random() * 3),
            mode: random() < 0.8 ? ("book" as const) : ("alert" as const),
            updated_at: new Date(Date.now() - (i + j) * 60_000),
          };
        }),
      )
      .execute();
  }
}

/** Feed reads as the monitor's client saw them: when their headers came, and how long the sandbox took. */
interface FeedRead {
  headersAt: number;
  serveMs: number;
}

async function measure(tokens: number, samples: number, random: () => number) {
  const test = await createTestDatabase(cluster.adminUrl);
  const { organization } = await upsertTelegramUser(
    test.db,
    { telegramId: 77, firstName: "Bench" },
    { isAdmin: false },
  );
  let cabinetId = 0;
  for (let left = tokens; left > 0; left -= 20) {
    const seller = await control<Seller>("/sellers", { cabinets: Math.min(20, left) });
    for (const account of seller.cabinets) {
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
  await crowd(test.db, random);
  for (const cell of cells) await control("/cells", { ...cell, coefficient: -1 });

  const reads: FeedRead[] = [];
  const timedFetch: typeof fetch = async (input, init) => {
    const sent = performance.now();
    const response = await fetch(input, init);
    const headersAt = performance.now();
    if (String(input).includes("/acceptance/coefficients") && response.ok) {
      reads.push({ headersAt, serveMs: headersAt - sent });
    }
    return response;
  };
  const waiting = new Map<string, (at: number) => void>();
  const monitor = await runMonitor({
    db: test.db,
    sources: [
      createFeedSource({
        client: createWbOfficialClient({ hosts: started.hosts, fetch: timedFetch }),
        loadTokens: async () => tokensFromCabinets(KEY, await listMonitorCabinets(test.db), () => {}),
        clock: systemClock,
        log: silentLogger,
      }),
    ],
    log: silentLogger,
    // As the product runs it: tasks re-read when their `task.updated` events name them.
    eventsUrl: test.url,
    concurrentReads: MONITOR_CONCURRENT_READS,
    onDecisions: (decisions: readonly StoredDecision[]) => {
      const at = performance.now();
      for (const d of decisions) waiting.get(`${d.warehouseId}:${d.date}`)?.(at);
    },
  });
  const intervalMs = 10_000 / tokens;
  while (monitor.status().lastReadAt === null) await sleep(50);

  const latencies: number[] = [];
  const raw: number[] = [];
  const runStart = performance.now();
  const readsBefore = reads.length;
  for (let i = 0; i < samples; i++) {
    const cell = cells[i % cells.length] as (typeof cells)[number];
    // A random phase against the monitor's reads, as a real opening would have.
    await sleep(random() * intervalMs);
    const seen = new Promise<number>((resolve) => waiting.set(`${cell.warehouseId}:${cell.date}`, resolve));
    const opened = performance.now();
    await control("/cells", { ...cell, coefficient: 0 });
    const at = await Promise.race([seen, sleep(intervalMs * 3 + 5_000).then(() => Number.NaN)]);
    if (!Number.isNaN(at)) {
      // The read that saw it is the last one whose answer came before the decision.
      const read = reads.findLast((r) => r.headersAt <= at && r.headersAt >= opened);
      raw.push(at - opened);
      // Only the serving done after the cell opened delayed this sample.
      latencies.push(at - opened - Math.min(read?.serveMs ?? 0, (read?.headersAt ?? opened) - opened));
    } else latencies.push(Number.NaN);
    await control("/cells", { ...cell, coefficient: -1 });
  }
  const runMinutes = (performance.now() - runStart) / 60_000;
  const runReads = reads.slice(readsBefore);
  await monitor.stop();
  await test.drop();
  const sorted = latencies.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  return {
    intervalMs,
    sorted,
    raw: raw.sort((a, b) => a - b),
    serve: runReads.map((r) => r.serveMs).sort((a, b) => a - b),
    missed: latencies.length - sorted.length,
    readsPerMinute: runReads.length / runMinutes,
  };
}

function sleep(ms: number) {
  return new Promise<void>((resolve) => setTimeout(resolve, ms));
}

const cluster = await startTestCluster();
const random = seeded(11);
console.log(`${EXTRA_TASKS} other active tasks in the database besides the benchmark's own`);
console.log(
  "tokens   interval   samples   p50        p95        max        target p95   with serving p95   feed served p50/p95   reads/min   verdict",
);
for (const [tokens, samples] of [
  [1, ONE],
  [10, TEN],
  [50, FIFTY],
] as const) {
  const r = await measure(tokens, samples, random);
  const target = r.intervalMs + 300;
  const p95 = percentile(r.sorted, 95);
  const ms = (v: number) => `${Math.round(v)} ms`.padEnd(11);
  console.log(
    [
      String(tokens).padEnd(8),
      `${r.intervalMs} ms`.padEnd(10),
      `${r.sorted.length}${r.missed ? ` (+${r.missed} missed)` : ""}`.padEnd(9),
      ms(percentile(r.sorted, 50)),
      ms(p95),
      ms(r.sorted.at(-1) ?? Number.NaN),
      ms(target).padEnd(12),
      ms(percentile(r.raw, 95)).padEnd(18),
      `${Math.round(percentile(r.serve, 50))} / ${Math.round(percentile(r.serve, 95))} ms`.padEnd(21),
      r.readsPerMinute.toFixed(0).padEnd(11),
      p95 <= target && r.missed === 0 ? "ok" : "over target",
    ].join(" "),
  );
}

sandboxProcess.kill("SIGTERM");
await cluster.stop();
