/**
 * Marginal memory per warm cabinet session: one worker, one Chromium, one context and one logged-in
 * portal page per cabinet, as the session keeper holds them. Measured as the worker process plus
 * every Chromium process it started (PSS, which splits shared pages fairly; RSS summed as well,
 * which counts shared pages once per process and so overstates), at 10, 50 and 100 cabinets.
 * Target: ≤ 40 MB per cabinet at 50. The WB sandbox runs in its own process and is not counted.
 *
 * Run: pnpm --filter @slotpilot/bench portal-memory [10 50 100] [--chromium-flag …]   (about ten minutes)
 * Extra arguments starting with `--` are passed to Chromium on top of the session keeper's own, to
 * try memory flags.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { freePort } from "@slotpilot/db/testing";
import { silentLogger } from "@slotpilot/observability";
import { type PortalPage, sandboxPortalDriver } from "@slotpilot/portal";
import { wbHostsFor } from "@slotpilot/wb";
import { BrowserPool, launchPortalChromium, processTreeMemory } from "@slotpilot/workers";

const ARGS = process.argv.slice(2);
const STEPS = ARGS.map(Number).filter(Boolean);
const FLAGS = ARGS.filter((a) => a.startsWith("--"));
const steps = STEPS.length > 0 ? STEPS : [10, 50, 100];
const MB = 1_048_576;

const port = await freePort();
const sandbox: ChildProcess = spawn(
  process.execPath,
  [fileURLToPath(new URL("../../sandbox/src/main.ts", import.meta.url))],
  {
    env: { ...process.env, SANDBOX_PORT: String(port), SANDBOX_CONTROL: "on" },
    stdio: ["ignore", "pipe", "inherit"],
  },
);
await new Promise<void>((resolve) =>
  sandbox.stdout?.on("data", (d: Buffer) => d.toString().includes("WB sandbox on") && resolve()),
);
const base = `http://127.0.0.1:${port}`;
const hosts = wbHostsFor(base);
const control = async (path: string, init?: { method: string; body: unknown }) => {
  const res = await fetch(`${base}/__sandbox${path}`, {
    ...(init
      ? { method: init.method, body: JSON.stringify(init.body), headers: { "content-type": "application/json" } }
      : {}),
  });
  return res.json() as Promise<Record<string, unknown>>;
};

const pool = new BrowserPool({
  launch: () => launchPortalChromium({ args: FLAGS }),
  capacity: Math.max(...steps),
  log: silentLogger,
});
if (FLAGS.length > 0) console.log(`Chromium flags added: ${FLAGS.join(" ")}`);
const driver = sandboxPortalDriver(hosts);
const pages: PortalPage[] = [];

/** Worker + Chromium, without the sandbox's process. */
async function memory() {
  const all = await processTreeMemory();
  const sb = await processTreeMemory(sandbox.pid);
  return { pss: ((all.pssBytes ?? 0) - (sb.pssBytes ?? 0)) / MB, rss: (all.rssBytes - sb.rssBytes) / MB };
}

async function settle() {
  await new Promise((resolve) => setTimeout(resolve, 5_000));
  (globalThis as { gc?: () => void }).gc?.();
}

async function connect(id: number): Promise<void> {
  const seller = await control("/sellers", { method: "POST", body: {} });
  const phone = String(seller.phone);
  const { page } = await pool.open(id, null);
  const login = driver.login(page);
  await login.start(phone);
  const { code } = await control(`/sms?phone=${encodeURIComponent(phone)}`);
  const step = await login.code(String(code));
  if (step.kind !== "done") throw new Error(`login ended at ${step.kind}`);
  const portal = await driver.open(page);
  if (!portal) throw new Error("not logged in");
  await portal.refreshHeader();
  pages.push(portal);
}

// A warm browser with one throwaway context: the fixed cost every worker pays once.
await pool.open(0, null);
await pool.close(0);
await settle();
const empty = await memory();
console.log(`Chromium started, no cabinets: PSS ${empty.pss.toFixed(0)} MB, RSS ${empty.rss.toFixed(0)} MB`);

let next = 1;
for (const target of steps) {
  while (next <= target) {
    const batch = [];
    for (let i = 0; i < 4 && next <= target; i++) batch.push(connect(next++));
    await Promise.all(batch);
  }
  await settle();
  const m = await memory();
  const n = pages.length;
  console.log(
    `${String(n).padStart(3)} warm cabinets: PSS ${m.pss.toFixed(0)} MB (${((m.pss - empty.pss) / n).toFixed(1)} MB per cabinet), ` +
      `RSS summed ${m.rss.toFixed(0)} MB (${((m.rss - empty.rss) / n).toFixed(1)} MB per cabinet)`,
  );
}

await pool.stop();
sandbox.kill("SIGTERM");
