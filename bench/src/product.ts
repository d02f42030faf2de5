import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDatabase, startTestCluster } from "@slotpilot/db/testing";
import { buildProductInto, startProduct } from "@slotpilot/scripts/product-process";

/**
 * The demo product (`./slotpilot start` with nothing configured but the database) as a real
 * process — compiled as `./slotpilot start` compiles it, or its TypeScript sources with
 * `PRODUCT_ENTRY=sources` (what `pnpm start` runs) — on a PostgreSQL cluster of its own, with a
 * seller signed in: what the load and memory benchmarks measure.
 */
export async function demoProduct(env: Record<string, string> = {}) {
  const buildDir = await mkdtemp(join(tmpdir(), "slotpilot-bench-build-"));
  const sources = process.env.PRODUCT_ENTRY === "sources";
  const entry = sources ? undefined : await buildProductInto(buildDir);
  const cluster = await startTestCluster();
  const database = await createTestDatabase(cluster.adminUrl, { migrate: false });
  const product = await startProduct({ DATABASE_URL: database.url, ...env }, entry ? { entry } : {});
  const session = await product.get("/dev/session", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ telegramId: 424242, firstName: "Bench" }),
  });
  const { initData } = JSON.parse(session.body) as { initData: string };
  return {
    ...product,
    database,
    /** What runs: the compiled product or its sources. */
    entry: sources ? "TypeScript sources (pnpm start)" : "compiled (./slotpilot start)",
    authorization: `tma ${initData}`,
    /** Resident memory of the product's Node process (PostgreSQL, Chromium and the WB sandbox run apart), in MB. */
    rssMb: () => rssMb(product.pid),
    /** Resident memory of the WB sandbox demo mode starts beside the product (its child process), in MB. */
    async sandboxRssMb(): Promise<number> {
      const [pid] = await product.sandboxes();
      return pid ? rssMb(pid) : 0;
    },
    async close() {
      await product.stop();
      await database.drop();
      await cluster.stop();
      await rm(buildDir, { recursive: true, force: true });
    },
  };
}

async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
