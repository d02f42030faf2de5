/**
 * Monitor memory and read time at scale: a worker process holding a 150-warehouse × 30-day
 * calendar (× 3 box types = 13,500 cells) and 10,000 active tasks, over many reads that each move
 * 2 % of the cells (~470 decisions a read). This script seeds a real PostgreSQL, then runs the
 * monitor in a process of its own (`monitor-process.ts`) as the product runs its workers: compiled
 * the way `./slotpilot workers` is (scripts/src/build-product.ts) and started with the product's
 * node flags, so the figures are that process's.
 *
 * Run: pnpm --filter @slotpilot/bench monitor-memory [reads=300] [tasks=10000]
 * (MONITOR_NODE_FLAGS="…" runs the monitor process with other flags, to compare;
 * MONITOR_ENTRY=sources runs its TypeScript sources, as tests and `pnpm start` do;
 * MONITOR_FULL_RELOAD_MS=… has the task book reload every task that often, by the clock of 1 s a read.)
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { upsertTelegramUser } from "@slotpilot/db";
import { createTestDatabase, insertCabinet, startTestCluster } from "@slotpilot/db/testing";
import { buildProductInto } from "@slotpilot/scripts/product-process";
import { sql } from "kysely";
import { productNodeEnv, productNodeFlags } from "./product-flags.ts";
import { seeded } from "./random.ts";

const READS = Number(process.argv[2]) || 300;
const TASKS = Number(process.argv[3]) || 10_000;
const WAREHOUSES = 150;
const DAY = 86_400_000;
const T0 = Date.parse("2026-11-21T06:00:00Z");

const flags = process.env.MONITOR_NODE_FLAGS?.split(/\s+/).filter(Boolean) ?? productNodeFlags();

const cluster = await startTestCluster();
const test = await createTestDatabase(cluster.adminUrl);
const { organization } = await upsertTelegramUser(test.db, { telegramId: 5, firstName: "Mem" }, { isAdmin: false });
const cabinetId = await insertCabinet(test.db, organization.id, "mem");

const random = seeded(42);
const date = (offset: number) => new Date(T0 + offset * DAY).toISOString().slice(0, 10);
for (let i = 0; i < TASKS; i += 1_000) {
  await test.db
    .insertInto("booking_tasks")
    .values(
      Array.from({ length: Math.min(1_000, TASKS - i) }, (_, j) => {
        const from = 1 + Math.floor(random() * 14);
        return {
          organization_id: organization.id,
          cabinet_id: cabinetId,
          supply_kind: "preorder" as const,
          supply_id: String(i + j),
          warehouse_ids: [1000 + Math.floor(random() * WAREHOUSES)],
          box_type_id: 2,
          date_from: date(from),
          date_to: date(from + 10),
          max_coefficient: Math.floor(random() * 3),
          mode: random() < 0.8 ? ("book" as const) : ("alert" as const),
          // Sellers touched their tasks over the past days, not all in the last minute (the task
          // book's catch-up re-reads what changed within a minute of the newest change).
          updated_at: new Date(Date.now() - (i + j) * 60_000),
        };
      }),
    )
    .execute();
}

// As autovacuum would soon after a bulk load: without statistics the planner takes the tables for
// empty ones and picks plans no real database would.
await sql`analyze`.execute(test.db);

const source = fileURLToPath(new URL("./monitor-process.ts", import.meta.url));
const buildDir = await mkdtemp(join(tmpdir(), "slotpilot-monitor-build-"));
let entry = source;
if (process.env.MONITOR_ENTRY !== "sources") {
  await buildProductInto(buildDir, { "monitor-process": source });
  entry = join(buildDir, "monitor-process.mjs");
}
console.log(`seeded ${TASKS} active tasks; monitor process: node ${flags.join(" ")} ${entry}`);
const code = await new Promise<number | null>((resolve, reject) => {
  const child = spawn(process.execPath, [...flags, entry], {
    env: { ...productNodeEnv(), MONITOR_DB: test.url, MONITOR_READS: String(READS) },
    stdio: "inherit",
  });
  child.once("error", reject);
  child.once("exit", resolve);
});

await rm(buildDir, { recursive: true, force: true });
await test.drop();
await cluster.stop();
process.exit(code ?? 1);
