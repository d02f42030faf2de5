import { readFile } from "node:fs/promises";
import { createTestDatabase, startTestCluster } from "@slotpilot/db/testing";
import { startProduct } from "@slotpilot/scripts/product-process";

/**
 * The demo product (`./slotpilot start` with nothing configured but the database) as a real
 * process, on a PostgreSQL cluster of its own, with a seller signed in: what the load and memory
 * benchmarks measure.
 */
export async function demoProduct(env: Record<string, string> = {}) {
  const cluster = await startTestCluster();
  const database = await createTestDatabase(cluster.adminUrl, { migrate: false });
  const product = await startProduct({ DATABASE_URL: database.url, ...env });
  const session = await product.get("/dev/session", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ telegramId: 424242, firstName: "Bench" }),
  });
  const { initData } = JSON.parse(session.body) as { initData: string };
  return {
    ...product,
    database,
    authorization: `tma ${initData}`,
    /** Resident memory of the product's Node process (PostgreSQL runs apart), in MB. */
    async rssMb(): Promise<number> {
      const status = await readFile(`/proc/${product.pid}/status`, "utf8");
      return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
    },
    async close() {
      await product.stop();
      await database.drop();
      await cluster.stop();
    },
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
