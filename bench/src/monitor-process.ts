/**
 * The process `monitor-memory` measures (started by it, with the product's node flags): what a
 * worker process holds to run the monitor — the workers package and its dependencies, a database
 * pool, the calendar and the task index — over a synthetic slot source of 150 warehouses × 30 days
 * × 3 box types whose every read moves 2 % of the cells. It prints its own figures, with each kind
 * of statement's time (sent → answered) so a slow read can be taken apart. Between reads, untimed,
 * a stand-in for the booker ends every booking the read handed off (see `missEveryBooking`).
 *
 * Input: MONITOR_DB (database URL, tasks already seeded), MONITOR_READS, MONITOR_FULL_RELOAD_MS
 * (optional: the task book's full reload that often, by this clock of 1 s a read).
 */
import { connect, publishEvents } from "@slotpilot/db";
import type { FeedRow } from "@slotpilot/domain";
import { silentLogger } from "@slotpilot/observability";
import { createMonitor, type SlotSource } from "@slotpilot/workers";
import type { RootOperationNode } from "kysely";
import { percentile, seeded } from "./random.ts";

const READS = Number(process.env.MONITOR_READS) || 300;
const WAREHOUSES = 150;
const DAYS = 30;
const BOX_TYPES = [2, 5, undefined] as const;
const DAY = 86_400_000;
const T0 = Date.parse("2026-11-21T06:00:00Z");

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const memory = () => process.memoryUsage();

const imported = memory();
const random = seeded(7);
const date = (offset: number) => new Date(T0 + offset * DAY).toISOString().slice(0, 10);
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

/**
 * The next read: 2% of the cells moved (opened, closed or re-priced), in fresh row objects as a
 * parsed HTTP response would be. Made before the read is timed: fetching and parsing the feed is
 * the source's part, measured by the detection benchmark.
 */
function nextFeed(): FeedRow[] {
  for (let i = 0; i < rows.length * 0.02; i++) {
    const index = Math.floor(random() * rows.length);
    const row = rows[index] as FeedRow;
    const open = random() < 0.5;
    rows[index] = { ...row, coefficient: open ? Math.floor(random() * 3) : -1, allowUnload: open };
  }
  return rows.map((r) => ({ ...r }));
}
let prepared: FeedRow[] = [];
const source: SlotSource = {
  name: "synthetic",
  nextReadAt: async (now) => now,
  read: async () => {
    const feed = prepared;
    prepared = [];
    return { rows: feed, via: "synthetic" };
  },
  health: () => ({ usableAccounts: 1, usableTokens: 1 }),
};

const db = connect(process.env.MONITOR_DB ?? "");
let statements = 0;
/** Each statement's time from sent to answered, by what it does (its first words), over the timed reads. */
const statementMs = new Map<string, number[]>();
const sentAt = new Map<unknown, { label: string; at: number }>();
let timing = false;
let inStatements = 0;
function labelOf(node: RootOperationNode): string {
  if (node.kind !== "RawNode") return node.kind;
  return node.sqlFragments.join("?").replace(/\s+/g, " ").trim().split(" ").slice(0, 5).join(" ");
}
let decided = 0;
/** When the read's decisions reached the fast path (the booker's hand-off), if it made any. */
let handedOffAt: number | undefined;
let now = T0;
const monitor = createMonitor({
  db: db.withPlugin({
    transformQuery: (args) => {
      sentAt.set(args.queryId, { label: labelOf(args.node), at: performance.now() });
      return args.node;
    },
    transformResult: async (args) => {
      statements++;
      const sent = sentAt.get(args.queryId);
      sentAt.delete(args.queryId);
      if (timing && sent) {
        const ms = performance.now() - sent.at;
        inStatements += ms;
        const list = statementMs.get(sent.label);
        if (list) list.push(ms);
        else statementMs.set(sent.label, [ms]);
      }
      return args.result;
    },
  }),
  sources: [source],
  // The product's way: the monitor listens for `task.updated` and re-reads the tasks they name.
  eventsUrl: process.env.MONITOR_DB,
  log: silentLogger,
  clock: { now: () => now, sleep: async () => {} },
  statusEveryMs: 60_000,
  // The full task reload runs every 10 minutes (600 reads here); this sees it beside the reads.
  ...(process.env.MONITOR_FULL_RELOAD_MS
    ? { tasks: { fullReloadMs: Number(process.env.MONITOR_FULL_RELOAD_MS) } }
    : {}),
  onDecisions: (list) => {
    decided += list.length;
    handedOffAt ??= performance.now();
  },
});

/**
 * A stand-in for the booker, between reads and untimed: every booking the read handed off ends as
 * missed and its task is active again, as after a slot someone else took. Without it a book task
 * would leave matching after its first decision, and after a few reads only the alert tasks would
 * be left to decide (the workload would fade away instead of staying at its 2 % churn).
 */
async function missEveryBooking(): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const ended = await trx
      .updateTable("bookings")
      .set({ status: "missed", finished_at: new Date(), updated_at: new Date() })
      .where("status", "=", "pending")
      .returning("task_id")
      .execute();
    if (ended.length === 0) return;
    const tasks = await trx
      .updateTable("booking_tasks")
      .set({ status: "active", updated_at: new Date() })
      .where(
        "id",
        "in",
        ended.map((b) => b.task_id),
      )
      .where("status", "=", "booking")
      .returning(["id", "organization_id", "revision"])
      .execute();
    // As the booker does (endBooking): each event carries the task's revision, unchanged by a miss.
    await publishEvents(
      trx,
      tasks.map((t) => ({
        type: "task.updated",
        organizationId: t.organization_id,
        taskId: t.id,
        status: "active",
        revision: t.revision,
      })),
    );
  });
}

await monitor.start();
const started = memory();
const signal = new AbortController().signal;
const wall: number[] = [];
const cpu: number[] = [];
const perRead: number[] = [];
const decisions: number[] = [];
const dbShare: number[] = [];
const toHandOff: number[] = [];
let first = { wall: 0, memory: started };
for (let i = 0; i < READS; i++) {
  now += 1_000;
  prepared = nextFeed();
  const before = statements;
  const decidedBefore = decided;
  const cpuBefore = process.cpuUsage();
  timing = i > 0;
  inStatements = 0;
  handedOffAt = undefined;
  const start = performance.now();
  await monitor.cycle(signal);
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpuBefore);
  timing = false;
  await missEveryBooking();
  if (i === 0) first = { wall: ms, memory: memory() };
  else {
    dbShare.push(inStatements);
    wall.push(ms);
    cpu.push((used.user + used.system) / 1000);
    perRead.push(statements - before);
    decisions.push(decided - decidedBefore);
    if (handedOffAt !== undefined) toHandOff.push(handedOffAt - start);
  }
  if ((i + 1) % 100 === 0) {
    const m = memory();
    console.log(`after ${i + 1} reads: RSS ${mb(m.rss)}, heap ${mb(m.heapUsed)} used of ${mb(m.heapTotal)}`);
  }
}
const end = memory();
const status = monitor.status();
await monitor.close();
await db.destroy();
// A read's time grows with its decisions: the reads in each quarter by how many decisions they made.
const order = wall.map((_, i) => i).sort((x, y) => (decisions[x] ?? 0) - (decisions[y] ?? 0));
const bands = [0, 1, 2, 3].map((q) => {
  const part = order.slice(Math.floor((q * order.length) / 4), Math.floor(((q + 1) * order.length) / 4));
  const times = part.map((i) => wall[i] ?? 0).sort((x, y) => x - y);
  const most = decisions[part.at(-1) ?? 0] ?? 0;
  return `≤ ${most} decisions: p50 ${percentile(times, 50).toFixed(1)} ms`;
});
wall.sort((a, b) => a - b);
cpu.sort((a, b) => a - b);
perRead.sort((a, b) => a - b);
decisions.sort((a, b) => a - b);
dbShare.sort((a, b) => a - b);
toHandOff.sort((a, b) => a - b);

console.log(`node ${process.version}, flags: ${process.execArgv.join(" ") || "(none)"}`);
console.log(`reads: ${READS}, each moving 2% of ${rows.length} cells; last error: ${status.lastError}`);
const line = (name: string, m: NodeJS.MemoryUsage) =>
  console.log(`${name.padEnd(26)}${mb(m.rss).padEnd(13)}${mb(m.heapUsed).padEnd(13)}${mb(m.heapTotal)}`);
console.log(`${"".padEnd(26)}${"RSS".padEnd(13)}${"heap used".padEnd(13)}heap committed`);
line("code loaded, connected", imported);
line("after start (calendar, tasks)", started);
line("after the first read", first.memory);
line(`after ${READS} reads`, end);
console.log(`peak RSS ${mb(process.resourceUsage().maxRSS * 1024)}`);
const ms = (v: number) => `${v.toFixed(1)} ms`;
console.log(
  `statement time per read, summed (sent → answered; begin/commit not counted; the decisions and the bookkeeping overlap): p50 ${ms(percentile(dbShare, 50))}, p95 ${ms(percentile(dbShare, 95))}`,
);
for (const [label, times] of [...statementMs].sort(
  (a, b) => b[1].reduce((x, y) => x + y) - a[1].reduce((x, y) => x + y),
)) {
  times.sort((a, b) => a - b);
  console.log(
    `  ${label.slice(0, 60).padEnd(60)} ×${String(times.length).padEnd(5)} p50 ${ms(percentile(times, 50))}, p95 ${ms(percentile(times, 95))}`,
  );
}
console.log(
  `one read (diff, match, decisions, hand-off, bookkeeping, events): p50 ${ms(percentile(wall, 50))}, p95 ${ms(percentile(wall, 95))}, max ${ms(wall.at(-1) ?? 0)}; the monitor's own CPU p50 ${ms(percentile(cpu, 50))}, p95 ${ms(percentile(cpu, 95))} (first read, every cell new: ${ms(first.wall)})`,
);
console.log(
  `the read's decisions handed to the booker's fast path (stored, alerts queued, bookings written — before the bookkeeping): p50 ${ms(percentile(toHandOff, 50))}, p95 ${ms(percentile(toHandOff, 95))} (${toHandOff.length} reads with decisions)`,
);
console.log(
  `decisions per read: p50 ${percentile(decisions, 50)}, max ${decisions.at(-1)}; database statements per read: ${perRead[0]}–${perRead.at(-1)}, whatever the number of changes and decisions`,
);
console.log(`one read's time by its decisions, a quarter of the reads each — ${bands.join("; ")}`);
