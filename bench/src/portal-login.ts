/**
 * How long a seller waits to connect a cabinet, and how long the keeper needs to bring a session
 * back from its saved state (a takeover, a recycle, a re-login) — p50 / p95 against the WB sandbox,
 * through the real API and a real session keeper with its own Chromium.
 *
 * - login → ACTIVE: `POST /api/cabinets/:id/login {phone}` (answered once the SMS code is asked for)
 *   plus `POST …/login/code {code}` (answered once ACTIVE); the seller's own typing time excluded.
 * - re-login from saved state: a fresh context restored from the sealed state, the portal opened
 *   and its header token refreshed — what a worker does for each cabinet it takes over.
 *
 * Run: pnpm --filter @slotpilot/bench portal-login [logins=20]   (about two minutes)
 */
import { createTestApi, LIVE_BOT_TOKEN } from "@slotpilot/api/testing";
import { listenPortalSignals } from "@slotpilot/db";
import { startTestCluster } from "@slotpilot/db/testing";
import { signInitData } from "@slotpilot/domain";
import { silentLogger } from "@slotpilot/observability";
import { sandboxPortalDriver } from "@slotpilot/portal";
import { startSandbox } from "@slotpilot/sandbox";
import { BrowserPool, launchPortalChromium, pgSessionStores, SessionKeeper } from "@slotpilot/workers";
import { percentile } from "./random.ts";

const [LOGINS = 20] = process.argv.slice(2).map(Number).filter(Boolean);

const cluster = await startTestCluster();
const sandbox = await startSandbox({ port: 0, autoRun: true, faults: { competitorDelayMs: null } });
sandbox.control.loadScenario({ name: "bench", seed: 3, background: false, timeline: [] });
const api = await createTestApi(cluster.adminUrl, { mode: "live", wbHosts: sandbox.hosts });
const key = api.deps.config.encryptionKey;
const stores = pgSessionStores({ db: api.db, encryptionKey: key, workerId: "bench", adminChatIds: [] });
const keeper = new SessionKeeper({
  workerId: "bench",
  stores,
  pool: new BrowserPool({ launch: () => launchPortalChromium(), capacity: LOGINS + 1, log: silentLogger }),
  driver: sandboxPortalDriver(sandbox.hosts),
  log: silentLogger,
  settings: { tickMs: 50, capacity: LOGINS + 1 },
  signals: (onSignal) => listenPortalSignals(api.url, onSignal),
});
await keeper.start();

const authorization = `tma ${signInitData({ user: { id: 4242, first_name: "Bench" } }, LIVE_BOT_TOKEN)}`;
const call = async (path: string, body?: unknown) => {
  const res = await api.app.request(path, {
    method: body === undefined ? "GET" : "POST",
    headers: { authorization, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return (await res.json()) as { session?: { state: string; waitingFor: string | null }; cabinet?: { id: number } };
};

const phoneToCode: number[] = [];
const codeToActive: number[] = [];
const total: number[] = [];
const cabinets: number[] = [];
for (let i = 0; i < LOGINS; i++) {
  const wb = sandbox.control.createSeller();
  const cabinetId = (await call("/api/cabinets", { name: `bench ${i}` })).cabinet?.id ?? 0;
  const t0 = performance.now();
  const asked = await call(`/api/cabinets/${cabinetId}/login`, { phone: wb.phone });
  const t1 = performance.now();
  if (asked.session?.waitingFor !== "code") throw new Error(`login ${i}: ${JSON.stringify(asked)}`);
  const done = await call(`/api/cabinets/${cabinetId}/login/code`, { code: sandbox.control.smsCode(wb.phone) });
  const t2 = performance.now();
  if (done.session?.state !== "ACTIVE") throw new Error(`login ${i}: ${JSON.stringify(done)}`);
  phoneToCode.push(t1 - t0);
  codeToActive.push(t2 - t1);
  total.push(t2 - t0);
  cabinets.push(cabinetId);
}
await keeper.stop();

// Re-login from saved state, as a worker taking a cabinet over does it.
const pool = new BrowserPool({ launch: () => launchPortalChromium(), capacity: 2, log: silentLogger });
const driver = sandboxPortalDriver(sandbox.hosts);
const records = await stores.sessions.load(cabinets);
const relogin: number[] = [];
for (const record of records) {
  const state = await stores.sessions.browserState(record);
  const t0 = performance.now();
  const { page } = await pool.open(record.cabinetId, state);
  const portal = await driver.open(page);
  if (!portal) throw new Error(`cabinet ${record.cabinetId}: the saved state did not log in`);
  await portal.refreshHeader();
  relogin.push(performance.now() - t0);
  await pool.close(record.cabinetId);
}
await pool.stop();

const show = (name: string, samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  console.log(
    `${name.padEnd(34)} n=${sorted.length}  p50 ${percentile(sorted, 50).toFixed(0)} ms  p95 ${percentile(sorted, 95).toFixed(0)} ms`,
  );
};
show("phone → asked for the SMS code", phoneToCode);
show("SMS code → ACTIVE", codeToActive);
show("login → ACTIVE (both steps)", total);
show("re-login from saved state", relogin);

await api.close();
await sandbox.close();
await cluster.stop();
