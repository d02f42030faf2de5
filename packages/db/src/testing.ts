import { randomBytes } from "node:crypto";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { connect, type Db } from "./connect.ts";
import { startEmbeddedPostgres } from "./embedded.ts";
import { migrateToLatest } from "./migrate.ts";
import { storeDecisions } from "./store-decisions.ts";

/** A throwaway PostgreSQL cluster for a test run (vitest global setup). */
export async function startTestCluster(): Promise<{ adminUrl: string; dataDir: string; stop(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "slotpilot-pg-"));
  // mkdtemp makes it 0700; the server may run as the `postgres` user and must reach its data inside.
  await chmod(dir, 0o755);
  const server = await startEmbeddedPostgres({ dir: join(dir, "data"), port: await freePort() });
  return {
    adminUrl: server.url,
    dataDir: server.dataDir,
    stop: async () => {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface TestDatabase {
  db: Db;
  url: string;
  drop(): Promise<void>;
}

/** A fresh database on the test cluster, migrated to latest unless asked not to. */
export async function createTestDatabase(adminUrl: string, options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const name = `t_${randomBytes(6).toString("hex")}`;
  const admin = connect(adminUrl, { max: 1 });
  await sql`create database ${sql.id(name)}`.execute(admin);
  const url = adminUrl.replace(/\/[^/]*$/, `/${name}`);
  const db = connect(url);
  if (options.migrate ?? true) await migrateToLatest(db);
  return {
    db,
    url,
    drop: async () => {
      await db.destroy();
      await sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin);
      await admin.destroy();
    },
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
export { seedSalesAccount } from "./sales/seed-account.ts";

/**
 * A cabinet for a test that needs the row but not its token: its sealed token is a byte that opens
 * nothing (a test that reads the token connects one through the API instead). Returns its id.
 */
export async function insertCabinet(db: Db, organizationId: number, name = "c"): Promise<number> {
  const row = await db
    .insertInto("cabinets")
    .values({
      organization_id: organizationId,
      name,
      token_sealed: Buffer.from([0]),
      token_fingerprint: name,
      token_type: "personal",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A booking the monitor's hand-off wrote (`storeDecisions`). */
export interface HandedOffBooking {
  id: number;
  taskId: number;
  organizationId: number;
  cabinetId: number;
  taskStatus: "booking" | "moving";
}

/**
 * The monitor's hand-off of one `book` decision, as a read stores it (`storeDecisions`): the
 * booking it became, or undefined when its task did not take it (not hunting, already booking, the
 * opening stored before, a draft without its preorder).
 */
export async function handOffBooking(
  db: Db,
  d: {
    taskId: number;
    opening: string;
    warehouseId: number;
    date: string;
    boxTypeId: number;
    coefficient: number;
    priority?: number;
  },
): Promise<HandedOffBooking | undefined> {
  const task = await db
    .selectFrom("booking_tasks")
    .where("id", "=", d.taskId)
    .select("organization_id")
    .executeTakeFirst();
  const [row] = await storeDecisions(
    db,
    [{ priority: 0, ...d, organizationId: task?.organization_id ?? 0, action: "book" }],
    new Date(),
  );
  if (row?.bookingId == null || row.taskStatus === null) return undefined;
  return {
    id: row.bookingId,
    taskId: d.taskId,
    organizationId: row.organizationId,
    cabinetId: row.cabinetId,
    taskStatus: row.taskStatus,
  };
}
