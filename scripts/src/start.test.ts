import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDatabase, freePort, startTestCluster } from "@slotpilot/db/testing";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildProductInto, clusterProcesses, isAlive, startProduct } from "./product-process.ts";

/**
 * The whole product as one process, faced with what production throws at it: a database whose
 * connections are cut or that hangs, and a Telegram it cannot reach. It has its own PostgreSQL
 * cluster, so pausing it disturbs no other test.
 */
let cluster: Awaited<ReturnType<typeof startTestCluster>>;
/** The compiled product, as `./slotpilot start` builds and runs it. */
let buildDir: string;
let built: string;
beforeAll(async () => {
  buildDir = await mkdtemp(join(tmpdir(), "slotpilot-build-"));
  [cluster, built] = await Promise.all([startTestCluster(), buildProductInto(buildDir)]);
}, 120_000);
afterAll(async () => {
  await cluster.stop();
  await rm(buildDir, { recursive: true, force: true });
});

const LIVE = {
  TELEGRAM_BOT_TOKEN: "7000000001:LIVEtokenLIVEtokenLIVEtokenLIVEtok",
  ENCRYPTION_KEY: "ab".repeat(32),
};

const readyz = (body: string) => JSON.parse(body) as { status: string; checks: Record<string, string> };

/** Signs in as the demo user (`POST /dev/session`): the `authorization` header for `/api`. */
async function demoAuthorization(product: Awaited<ReturnType<typeof startProduct>>): Promise<string> {
  const session = await product.get("/dev/session", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: "{}",
  });
  return `tma ${(JSON.parse(session.body) as { initData: string }).initData}`;
}

async function until(what: string, check: () => Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Each test starts product processes and waits on them with bounds of its own (up to a minute):
 * on a loaded 2-core machine the default 30 s per test is shorter than those bounds.
 */
const PRODUCT_TEST_MS = 120_000;

describe("./slotpilot start", () => {
  it(
    "built as `./slotpilot start` builds it, in demo mode, logs the demo seller's cabinet in to the (sandbox) WB portal by itself",
    async () => {
      const database = await createTestDatabase(cluster.adminUrl, { migrate: false });
      const product = await startProduct({ DATABASE_URL: database.url }, { entry: built });
      let sandboxes: number[] = [];
      try {
        const authorization = await demoAuthorization(product);
        const cabinets = async () =>
          JSON.parse((await product.get("/api/cabinets", { headers: { authorization } })).body) as {
            cabinets: { id: number; portal: { state: string } | null }[];
          };
        await product.until(
          "the demo cabinet's portal session to be logged in",
          async () => (await cabinets()).cabinets[0]?.portal?.state === "ACTIVE",
          90_000,
        );
        await product.until(
          "start-up to report it",
          () => product.output().includes("demo cabinet's portal session logged in"),
          30_000,
        );
        sandboxes = await product.sandboxes();
        // The WB sandbox runs beside the product, as WB would: a process of its own.
        expect(sandboxes).toHaveLength(1);
      } finally {
        expect((await product.stop()).code).toBe(0);
        await database.drop();
      }
      for (const pid of sandboxes) expect(await isAlive(pid)).toBe(false);
      // Stopped in order: the browser closed by the session keeper, not taken for a crash.
      expect(product.output()).not.toContain("chromium went away");
    },
    PRODUCT_TEST_MS,
  );

  it(
    "killed outright (SIGKILL), leaves no WB sandbox behind holding its port",
    async () => {
      const database = await createTestDatabase(cluster.adminUrl, { migrate: false });
      const product = await startProduct({ DATABASE_URL: database.url });
      try {
        const sandboxes = await product.sandboxes();
        expect(sandboxes).toHaveLength(1);
        await product.kill();
        await until("the sandbox to stop by itself", async () => !(await isAlive(sandboxes[0] ?? 0)), 15_000);
      } finally {
        await database.drop();
      }
    },
    PRODUCT_TEST_MS,
  );

  it(
    "starts its WB sandbox again when it is killed, says so on /readyz meanwhile, and the demo cabinet carries on",
    async () => {
      const database = await createTestDatabase(cluster.adminUrl, { migrate: false });
      const product = await startProduct({ DATABASE_URL: database.url });
      let sandboxes: number[] = [];
      try {
        const authorization = await demoAuthorization(product);
        const portal = async () =>
          (
            JSON.parse((await product.get("/api/cabinets", { headers: { authorization } })).body) as {
              cabinets: { portal: { state: string } | null }[];
            }
          ).cabinets[0]?.portal?.state;
        await product.until("the demo cabinet's portal session", async () => (await portal()) === "ACTIVE", 90_000);
        const [killed] = await product.sandboxes();
        process.kill(killed ?? 0, "SIGKILL");
        await product.until(
          "/readyz to say the sandbox is being restarted",
          async () => readyz((await product.get("/readyz")).body).checks.sandbox === "restarting",
          10_000,
        );
        await product.until(
          "the product to be ready again",
          async () => {
            const ready = await product.get("/readyz");
            return ready.status === 200 && readyz(ready.body).status === "ready";
          },
          60_000,
        );
        sandboxes = await product.sandboxes();
        expect(sandboxes).toHaveLength(1);
        expect(sandboxes).not.toContain(killed);
        expect(product.output()).toContain("the WB sandbox is running again, with its sellers and sessions");
        // The new sandbox knows the cabinet's token and its portal session: the monitor reads on.
        const reads = () => (product.output().match(/"msg":"monitor: read failed"/g) ?? []).length;
        const failedSoFar = reads();
        await new Promise((r) => setTimeout(r, 15_000));
        expect(reads()).toBe(failedSoFar);
        expect(readyz((await product.get("/readyz")).body).checks.monitor).toBe("ok");
        expect(await portal()).toBe("ACTIVE");
        expect(product.output()).not.toContain("WB refused a token");
      } finally {
        expect((await product.stop()).code).toBe(0);
        await database.drop();
      }
      for (const pid of sandboxes) expect(await isAlive(pid)).toBe(false);
    },
    PRODUCT_TEST_MS,
  );

  it(
    "keeps running when every database connection is cut, says so, and recovers by itself",
    async () => {
      const database = await createTestDatabase(cluster.adminUrl, { migrate: false });
      const product = await startProduct({ DATABASE_URL: database.url });
      try {
        await product.until(
          "the monitor to read",
          async () => readyz((await product.get("/readyz")).body).checks.monitor === "ok",
          30_000,
        );
        const cut = await sql<{ n: number }>`select count(pg_terminate_backend(pid))::int as n from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid()`.execute(database.db);
        expect(cut.rows[0]?.n).toBeGreaterThan(3);

        await new Promise((r) => setTimeout(r, 1500));
        expect(product.alive()).toBe(true);
        // Back without a restart: the API, the queue and the monitor (which takes its lock again).
        await product.until(
          "the product to be ready again",
          async () => (await product.get("/readyz")).status === 200,
          30_000,
        );
        const session = await product.get("/dev/session", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: "{}",
        });
        expect(session.status).toBe(200);
        expect(product.output()).toContain("monitor: lost its lock with the database connection");
        await product.until(
          "the monitor to read again",
          async () => readyz((await product.get("/readyz")).body).checks.monitor === "ok",
          60_000,
        );
        expect(product.output()).not.toMatch(/Unhandled|uncaught/i);
      } finally {
        expect((await product.stop()).code).toBe(0);
        await database.drop();
      }
    },
    PRODUCT_TEST_MS,
  );

  it(
    "answers within bounds while the database hangs, 503 rather than waiting forever, and recovers when it resumes",
    async () => {
      const database = await createTestDatabase(cluster.adminUrl, { migrate: false });
      const product = await startProduct({ DATABASE_URL: database.url });
      const authorization = await demoAuthorization(product);
      // A route that reads the database on every request (who the caller is, is remembered briefly).
      const me = () => product.get("/api/cabinets", { headers: { authorization } });
      expect((await me()).status).toBe(200);
      const pids = await clusterProcesses(cluster.dataDir);
      try {
        for (const pid of pids) process.kill(pid, "SIGSTOP");
        const ready = await product.get("/readyz");
        expect(ready.status).toBe(503);
        expect(readyz(ready.body).checks.database).toBe("down");
        expect(ready.ms).toBeLessThan(10_000);
        const stuck = await me();
        expect(stuck.status).toBe(503);
        expect(JSON.parse(stuck.body).error.code).toBe("service.unavailable");
        expect(product.alive()).toBe(true);
      } finally {
        for (const pid of pids) process.kill(pid, "SIGCONT");
      }
      try {
        await product.until("the API to answer again", async () => (await me()).status === 200, 60_000);
        expect((await product.get("/readyz")).status).toBe(200);
      } finally {
        expect((await product.stop()).code).toBe(0);
        await database.drop();
      }
    },
    PRODUCT_TEST_MS,
  );

  it(
    "starts, and stops cleanly, while Telegram cannot be reached; /readyz says the bot is not connected",
    async () => {
      // A Bot API that accepts connections and never answers, and one that refuses them.
      const sockets: Socket[] = [];
      const silent: Server = createServer((s) => sockets.push(s)).listen(0, "127.0.0.1");
      await new Promise((r) => silent.once("listening", r));
      const silentPort = (silent.address() as { port: number }).port;
      const database = await createTestDatabase(cluster.adminUrl, { migrate: false });
      try {
        const hanging = await startProduct({
          ...LIVE,
          DATABASE_URL: database.url,
          TELEGRAM_API_ROOT: `http://127.0.0.1:${silentPort}`,
        });
        const state = readyz((await hanging.get("/readyz")).body);
        expect(state).toMatchObject({ status: "degraded", checks: { database: "ok", bot: "connecting" } });
        const stop = await hanging.stop();
        expect(stop.code).toBe(0);
        expect(stop.ms).toBeLessThan(15_000);

        const refusing = await startProduct({
          ...LIVE,
          DATABASE_URL: database.url,
          TELEGRAM_API_ROOT: `http://127.0.0.1:${await freePort()}`,
        });
        try {
          await refusing.until(
            "a logged retry",
            () => refusing.output().includes("bot: cannot reach Telegram; retrying"),
            20_000,
          );
          expect(refusing.output()).toMatch(/"reason":"[^"]+"/);
          expect(readyz((await refusing.get("/readyz")).body).checks.bot).toBe("unreachable");
          // The token never reaches the logs, not even inside the failed URL.
          expect(refusing.output()).not.toContain(LIVE.TELEGRAM_BOT_TOKEN.split(":")[1]);
        } finally {
          expect((await refusing.stop()).code).toBe(0);
        }
      } finally {
        for (const s of sockets) s.destroy();
        await new Promise((r) => silent.close(r));
        await database.drop();
      }
    },
    PRODUCT_TEST_MS,
  );
});
