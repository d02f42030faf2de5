/**
 * Slot open → supply read back as booked, p50 / p95, in the sandbox: the booker on warm pages with
 * its two strategies (in-page JSON-RPC, clicking the UI), with 1, 20 and 50 cabinets booking at
 * once — and, in the same run, the cold way (launch a browser, restore the saved session, open the
 * portal, book, read back: what the seed design and peers do) for the warm / cold ratio.
 *
 * One sample: a free cell is opened in the sandbox and the monitor's hand-off written at once (the
 * decision and its booking, in one transaction, as the monitor writes it when it sees the cell);
 * it ends when the booker recorded the booking as confirmed — after WB's supplies read it back
 * as planned on that day. Detection (feed → decision) is the `detection` benchmark's.
 *
 * The sandbox runs in a process of its own (WB's work is not on the booker's thread); PostgreSQL is
 * the embedded one; one worker with one Chromium holds every cabinet, as production would.
 *
 * Run: pnpm --filter @slotpilot/bench booking [cabinets…=1 20 50] [--rounds=R] [--cold=N] [--strategies=rpc,ui] [--prime=off] [--cpu]
 * With `CHROMIUM_PATH`, that Chromium (as the workers take it), else the one the product finds.
 * A booking that does not end booked (under load a UI page can outwait its 20 s) is counted and
 * named, not timed. Under each row, where the time went (p50 of each phase, see `Phases`).
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createTestApi, LIVE_BOT_TOKEN } from "@slotpilot/api/testing";
import { type BookingEnding, type ClaimedBooking, changePlan, listenPortalSignals } from "@slotpilot/db";
import { handOffBooking, startTestCluster } from "@slotpilot/db/testing";
import { signInitData } from "@slotpilot/domain";
import { silentLogger } from "@slotpilot/observability";
import { contextStateOptions, type PortalPage, restoreSessionStorage, sandboxPortalDriver } from "@slotpilot/portal";
import { createWbOfficialClient, type WbHosts } from "@slotpilot/wb";
import {
  Booker,
  type BookingStrategy,
  BrowserPool,
  launchPortalChromium,
  officialSupplies,
  pgBookingStore,
  pgSessionStores,
  SessionKeeper,
} from "@slotpilot/workers";
import { addCpu, type CpuByKind, cpuByProcessKind, formatCpu } from "./cpu-by-process.ts";
import { percentile } from "./random.ts";

const args = process.argv.slice(2);
const sizes = args.filter((a) => /^\d+$/.test(a)).map(Number);
const SIZES = sizes.length > 0 ? sizes : [1, 20, 50];
const ROUNDS = Number(args.find((a) => a.startsWith("--rounds="))?.slice(9) ?? 0);
const COLD = Number(args.find((a) => a.startsWith("--cold="))?.slice(7) ?? 8);
const STRATEGIES = (args.find((a) => a.startsWith("--strategies="))?.slice(13) ?? "rpc,ui").split(
  ",",
) as BookingStrategy[];
const MAX = Math.max(...SIZES);
/**
 * `--prime=off`: the booker gets no page ready ahead — every RPC booking solves its own challenge,
 * every UI booking loads the supply's page (the product's BOOKING_SOLVE_AHEAD=off).
 */
const PRIME = args.find((a) => a.startsWith("--prime="))?.slice(8) !== "off";
const PRIME_EVERY_MS = 1_000;
/** `--cpu`: under each row, the CPU its windows used, by process kind, per booking (`cpu-by-process.ts`). */
const CPU = args.includes("--cpu");

// The sandbox, in its own process.
const child = spawn(process.execPath, [fileURLToPath(new URL("./sandbox-process.ts", import.meta.url))], {
  stdio: ["ignore", "pipe", "inherit"],
});
const { url, hosts } = await new Promise<{ url: string; hosts: WbHosts }>((resolve) => {
  child.stdout?.once("data", (chunk: Buffer) => resolve(JSON.parse(chunk.toString("utf8").split("\n")[0] ?? "{}")));
});
const control = async <T>(path: string, body?: unknown): Promise<T> => {
  const res = await fetch(`${url}/__sandbox/${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return (await res.json()) as T;
};
await control("scenario", { name: "bench", seed: 3, background: false, timeline: [] });
await control("faults", { competitorDelayMs: null });

/** The Chromium the product would run (`CHROMIUM_PATH`, as the workers read it), else the one it finds. */
const CHROMIUM = process.env.CHROMIUM_PATH ? { chromiumPath: process.env.CHROMIUM_PATH } : {};

const cluster = await startTestCluster();
const api = await createTestApi(cluster.adminUrl, { mode: "live", wbHosts: hosts });
const db = api.db;
const key = api.deps.config.encryptionKey;
const stores = pgSessionStores({ db, encryptionKey: key, workerId: "bench", adminChatIds: [] });
const keeper = new SessionKeeper({
  workerId: "bench",
  stores,
  pool: new BrowserPool({ launch: () => launchPortalChromium(CHROMIUM), capacity: MAX, log: silentLogger }),
  driver: sandboxPortalDriver(hosts),
  log: silentLogger,
  settings: { tickMs: 50, capacity: MAX, parallel: 4, healthEveryMs: 24 * 3_600_000 },
  signals: (onSignal) => listenPortalSignals(api.url, onSignal),
});
await keeper.start();

/** Each cabinet is its own seller (organization), as in production: 50 sellers booking at once. */
const callAs = (telegramId: number) => {
  const authorization = `tma ${signInitData({ user: { id: telegramId, first_name: "Bench" } }, LIVE_BOT_TOKEN)}`;
  return async (path: string, body?: unknown) => {
    const res = await api.app.request(path, {
      method: body === undefined ? "GET" : "POST",
      headers: { authorization, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    // biome-ignore lint/suspicious/noExplicitAny: a benchmark reads a few fields of the API's answers
    return (await res.json()) as any;
  };
};

console.log(`logging ${MAX} cabinets in…`);
const cabinets: { cabinetId: number; supplierId: number; organizationId: number }[] = [];
for (let i = 0; i < MAX; i++) {
  const call = callAs(5_000 + i);
  const organizationId = (await call("/api/me")).organization.id as number;
  // Every booking of this run counts against a plan: an admin grants each seller a big one.
  await changePlan(db, organizationId, { type: "granted", plan: "enterprise500", at: new Date(), byTelegramId: 1 });
  const wb = await control<{ phone: string; cabinets: { supplierId: number }[] }>("sellers", {});
  const cabinetId = (await call("/api/cabinets", { name: `bench ${i}` })).cabinet.id as number;
  await call(`/api/cabinets/${cabinetId}/login`, { phone: wb.phone });
  const { code } = await control<{ code: string }>(`sms?phone=${encodeURIComponent(wb.phone)}`);
  const done = await call(`/api/cabinets/${cabinetId}/login/code`, { code });
  if (done.session?.state !== "ACTIVE") throw new Error(`login ${i}: ${JSON.stringify(done)}`);
  cabinets.push({ cabinetId, supplierId: wb.cabinets[0]?.supplierId ?? 0, organizationId });
}
const ready = async () => {
  for (;;) {
    const s = keeper.status().ready;
    if (cabinets.every((c) => s.includes(c.cabinetId))) return;
    await new Promise((r) => setTimeout(r, 100));
  }
};
await ready();
const ended = new Map<number, { at: number; ending: BookingEnding }>();
let dayOffset = 1;
const newDay = () => new Date(Date.now() + dayOffset++ * 86_400_000).toISOString().slice(0, 10);

async function newTask(
  cabinet: (typeof cabinets)[number],
  warehouseId: number,
): Promise<{ taskId: number; preorderId: number }> {
  const { preorderId } = await control<{ preorderId: number }>("preorders", {
    supplierId: cabinet.supplierId,
    warehouseId,
    boxTypeId: 2,
  });
  const today = new Date().toISOString().slice(0, 10);
  const task = await db
    .insertInto("booking_tasks")
    .values({
      organization_id: cabinet.organizationId,
      cabinet_id: cabinet.cabinetId,
      supply_kind: "preorder",
      supply_id: String(preorderId),
      warehouse_ids: [warehouseId],
      box_type_id: 2,
      date_from: today,
      date_to: new Date(Date.now() + 29 * 86_400_000).toISOString().slice(0, 10),
      max_coefficient: 0,
      mode: "book",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { taskId: task.id, preorderId };
}

/** The monitor's hand-off of one book decision (`storeDecisions`). */
async function handOff(taskId: number, date: string) {
  const booking = await handOffBooking(db, {
    taskId,
    opening: `507:${date}:2@${taskId}`,
    warehouseId: 507,
    date,
    boxTypeId: 2,
    coefficient: 0,
  });
  if (!booking) throw new Error("booking not written");
  return { bookingId: booking.id, cabinetId: booking.cabinetId };
}

/** Bookings that did not end booked, by reason (a slow page under load, WB refusing): counted, not timed. */
const failures = new Map<string, string[]>();

/**
 * Where one booking's time goes, measured around the booker's port to the pages (nothing inside
 * the booker changes): until the booker asks for the cabinet's page (hand-off, claim), until it has
 * it, each portal call it makes (the plan — with the page's own challenge — and the read-back), and
 * from the last call to the booking recorded.
 */
interface Phases {
  asked: number;
  got: number;
  calls: { name: string; ms: number; end: number }[];
}
const PHASED = new Set(["planByRpc", "planByUi", "listSupplies", "acceptanceCosts"]);

function timedPortal(portal: PortalPage, phases: Phases, onFirstCall: () => void): PortalPage {
  return new Proxy(portal, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof prop !== "string" || !PHASED.has(prop) || typeof value !== "function") return value;
      return async (...args: unknown[]) => {
        if (phases.calls.length === 0) onFirstCall();
        const t0 = performance.now();
        try {
          return await value.apply(target, args);
        } finally {
          const end = performance.now();
          phases.calls.push({ name: prop, ms: end - t0, end });
        }
      };
    },
  });
}

/** p50 of each phase over a row's confirmed bookings. */
function breakdown(rows: { started: number; ended: number; phases: Phases }[]): string {
  const p50 = (values: number[]) =>
    percentile(
      [...values].sort((a, b) => a - b),
      50,
    ).toFixed(0);
  const callMs = (p: Phases, names: string[]) =>
    p.calls.filter((c) => names.includes(c.name)).reduce((sum, c) => sum + c.ms, 0);
  return [
    `to the page ${p50(rows.map((r) => r.phases.asked - r.started))}`,
    `page wait ${p50(rows.map((r) => r.phases.got - r.phases.asked))}`,
    `plan ${p50(rows.map((r) => callMs(r.phases, ["planByRpc", "planByUi", "acceptanceCosts"])))}`,
    `read-back ${p50(rows.map((r) => callMs(r.phases, ["listSupplies"])))}`,
    `record ${p50(rows.map((r) => r.ended - Math.max(r.phases.got, ...r.phases.calls.map((c) => c.end))))}`,
  ].join(" · ");
}
const breakdowns: string[] = [];
/** Each row's CPU inside its rounds' windows (slot open → the last booking ended), by process kind. */
const windows: { cpu: CpuByKind; seconds: number; bookings: number }[] = [];

async function measure(strategy: BookingStrategy, size: number, rounds: number): Promise<number[]> {
  const inner = pgBookingStore(db);
  /** The phases of the booking under way on each cabinet (one at a time per cabinet in a round). */
  const phased = new Map<number, Phases>();
  const booker = new Booker({
    workerId: "bench",
    store: {
      ...inner,
      finish: async (booking: ClaimedBooking, ending: BookingEnding) => {
        const recorded = await inner.finish(booking, ending);
        ended.set(booking.id, { at: performance.now(), ending });
        return recorded;
      },
    },
    pages: {
      ready: () => keeper.status().ready,
      use: (id, work) => {
        // A booking's phases: the first timed call says this use is one (solving ahead is not).
        const phases: Phases = { asked: performance.now(), got: 0, calls: [] };
        return keeper.use(id, (portal) => {
          phases.got = performance.now();
          return work(timedPortal(portal, phases, () => phased.set(id, phases)));
        });
      },
    },
    official: officialSupplies(db, key, createWbOfficialClient({ hosts })),
    log: silentLogger,
    strategy,
    pollMs: 1_000,
    primeEveryMs: PRIME ? PRIME_EVERY_MS : 0,
  });
  await booker.start();
  const samples: number[] = [];
  const rows: { started: number; ended: number; phases: Phases }[] = [];
  const window = { cpu: new Map() as CpuByKind, seconds: 0, bookings: 0 };
  try {
    for (let round = 0; round < rounds; round++) {
      const group = cabinets.slice(0, size);
      const tasks = await Promise.all(group.map((c) => newTask(c, 507)));
      // Tasks hunt for hours before a slot opens: long enough here for the booker to get each page
      // ready ahead, as it does in production (RPC: the challenge solved; UI: the supply's page open).
      // On two cores each page's readying takes its share: ~0.05 s a challenge, ~0.2 s a supply page.
      const readying = size * (strategy === "ui" ? 400 : 100);
      if (PRIME) await new Promise((r) => setTimeout(r, PRIME_EVERY_MS + 2_000 + readying));
      const date = newDay();
      const cpuBefore = await cpuByProcessKind();
      // The slot opens (enough places for everyone) and the monitor hands it over at once.
      const started = performance.now();
      await control("cells", { warehouseId: 507, date, boxTypeId: 2, coefficient: 0, capacity: size });
      const bookings = await Promise.all(tasks.map((t) => handOff(t.taskId, date)));
      booker.offer(bookings);
      for (;;) {
        if (bookings.every((b) => ended.has(b.bookingId))) break;
        await new Promise((r) => setTimeout(r, 5));
      }
      window.seconds += (performance.now() - started) / 1000;
      window.bookings += bookings.length;
      addCpu(window.cpu, cpuBefore, await cpuByProcessKind());
      for (const b of bookings) {
        const end = ended.get(b.bookingId);
        if (end?.ending.kind !== "confirmed") {
          const reason = end && "reason" in end.ending ? end.ending.reason : "never ended";
          const key = `${strategy} × ${size}`;
          failures.set(key, [...(failures.get(key) ?? []), reason]);
          continue;
        }
        samples.push(end.at - started);
        const phases = phased.get(b.cabinetId);
        if (phases) rows.push({ started, ended: end.at, phases });
      }
    }
  } finally {
    await booker.stop();
  }
  if (rows.length > 0) breakdowns.push(breakdown(rows));
  windows.push(window);
  return samples;
}

/** The cold way: a browser launched, the saved session restored, the portal opened, booked, read back. */
async function cold(samples: number): Promise<number[]> {
  const driver = sandboxPortalDriver(hosts);
  const cabinet = cabinets[0];
  if (!cabinet) return [];
  const [record] = await stores.sessions.load([cabinet.cabinetId]);
  if (!record) return [];
  const state = await stores.sessions.browserState(record);
  const out: number[] = [];
  for (let i = 0; i < samples; i++) {
    const { preorderId } = await newTask(cabinet, 507);
    const date = newDay();
    await control("cells", { warehouseId: 507, date, boxTypeId: 2, coefficient: 0, capacity: 1 });
    const started = performance.now();
    const browser = await launchPortalChromium(CHROMIUM);
    try {
      const context = await browser.newContext(contextStateOptions(state));
      await restoreSessionStorage(context, state);
      const portal = await driver.open(await context.newPage());
      if (!portal) throw new Error("the saved session did not open the portal");
      await portal.planByRpc({ preorderId, date, warehouseId: 507, boxTypeId: 2 });
      const supply = (await portal.listSupplies()).find((s) => s.preorderId === preorderId);
      if (supply?.statusId !== 2) throw new Error("the cold booking did not read back");
      out.push(performance.now() - started);
    } finally {
      await browser.close();
    }
  }
  return out;
}

const show = (name: string, samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const line = `${name.padEnd(30)} n=${String(sorted.length).padEnd(4)} p50 ${percentile(sorted, 50).toFixed(0).padStart(5)} ms  p95 ${percentile(sorted, 95).toFixed(0).padStart(5)} ms`;
  console.log(line);
  return percentile(sorted, 50);
};

console.log(
  `slot open → read back as booked (sandbox in its own process; pages ${PRIME ? "got ready ahead (RPC: challenge solved; UI: supply page open)" : "not got ready ahead"}; load ${(await import("node:os")).loadavg()[0]?.toFixed(1)})`,
);
let warmRpc1 = 0;
for (const strategy of STRATEGIES) {
  for (const size of SIZES) {
    const rounds = ROUNDS || (size === 1 ? 10 : size <= 20 ? 3 : 2);
    const p50 = show(`${strategy} × ${size} cabinet${size === 1 ? "" : "s"}`, await measure(strategy, size, rounds));
    const failed = failures.get(`${strategy} × ${size}`);
    if (failed) console.log(`${"".padEnd(30)} not booked: ${failed.length} (${[...new Set(failed)].join(", ")})`);
    const phases = breakdowns.pop();
    if (phases) console.log(`${"".padEnd(30)} p50 ms: ${phases}`);
    const window = windows.pop();
    if (CPU && window && window.bookings > 0) {
      const cores = (await import("node:os")).availableParallelism();
      const used = [...window.cpu.values()].reduce((a, b) => a + b, 0);
      console.log(
        `${"".padEnd(30)} in the windows (slot open → last ended, ${window.seconds.toFixed(1)} s): ${used.toFixed(1)} CPU-s of ${(window.seconds * cores).toFixed(1)} (${cores} cores)`,
      );
      for (const line of formatCpu(window.cpu, window.bookings, "booking")) console.log(`${"".padEnd(30)} ${line}`);
    }
    if (strategy === "rpc" && size === 1) warmRpc1 = p50;
  }
}
if (COLD > 0) {
  const coldP50 = show("cold (launch, restore, book)", await cold(COLD));
  if (warmRpc1 > 0)
    console.log(
      `warm / cold (p50, RPC, 1 cabinet): ${(warmRpc1 / coldP50).toFixed(3)}  (cold is ${(coldP50 / warmRpc1).toFixed(1)}× slower)`,
    );
}
console.log(
  `load average after: ${(await import("node:os"))
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}`,
);

await keeper.stop();
await api.close();
await cluster.stop();
child.kill("SIGTERM");
