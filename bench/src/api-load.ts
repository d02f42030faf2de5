/**
 * The API under load: 50 connections fetching the full slot calendar (`GET /api/slots`, gzip as
 * browsers ask for it) from the demo product — a real process with its moving sandbox world, so
 * the calendar changes every few seconds — while a seller's `/api/me` is timed alongside.
 * Targets (issue 7): ≥ 500 calendar requests/s at 50 connections, `/api/me` p95 < 100 ms meanwhile.
 * The load generator shares the machine's cores with the product and PostgreSQL.
 *
 * Run: pnpm --filter @slotpilot/bench api-load [seconds=15]
 */
import autocannon from "autocannon";
import { demoProduct, sleep } from "./product.ts";
import { percentile } from "./random.ts";

const [SECONDS = 15] = process.argv.slice(2).map(Number).filter(Boolean);
const product = await demoProduct();

async function timeMe(until: () => boolean): Promise<number[]> {
  const times: number[] = [];
  while (!until()) {
    const started = performance.now();
    const res = await fetch(`${product.url}/api/me`, { headers: { authorization: product.authorization } });
    await res.arrayBuffer();
    if (res.ok) times.push(performance.now() - started);
    await sleep(50);
  }
  return times.sort((a, b) => a - b);
}

try {
  // Let the monitor fill the calendar from the sandbox first.
  const cells = async () => {
    const res = await fetch(`${product.url}/api/slots`, { headers: { authorization: product.authorization } });
    return ((await res.json()) as { cells: unknown[] }).cells.length;
  };
  for (let i = 0; i < 60 && (await cells()) < 1000; i++) await sleep(1000);
  const full = await fetch(`${product.url}/api/slots`, { headers: { authorization: product.authorization } });
  const size = (await full.arrayBuffer()).byteLength;

  let idleDone = false;
  setTimeout(() => {
    idleDone = true;
  }, 5000);
  const idle = await timeMe(() => idleDone);

  let loadDone = false;
  const probe = timeMe(() => loadDone);
  const result = await autocannon({
    url: `${product.url}/api/slots`,
    connections: 50,
    duration: SECONDS,
    // The load runs in a worker thread: the timing of /api/me on this thread is not queued behind it.
    workers: 1,
    headers: { authorization: product.authorization, "accept-encoding": "gzip" },
  });
  loadDone = true;
  const busy = await probe;

  const ms = (v: number) => `${v.toFixed(1)} ms`;
  console.log(`GET /api/slots: full calendar, ${(size / 1024).toFixed(0)} KB as JSON (${result.non2xx} non-2xx)`);
  console.log(
    `  50 connections, ${SECONDS} s: ${result.requests.average.toFixed(0)} req/s, latency p50 ${ms(result.latency.p50)}, p97.5 ${ms(result.latency.p97_5)}, p99 ${ms(result.latency.p99)}, ${(result.throughput.average / 1024 / 1024).toFixed(1)} MB/s on the wire`,
  );
  console.log(
    `GET /api/me alone:      ${idle.length} requests, p50 ${ms(percentile(idle, 50))}, p95 ${ms(percentile(idle, 95))}`,
  );
  console.log(
    `GET /api/me under load: ${busy.length} requests, p50 ${ms(percentile(busy, 50))}, p95 ${ms(percentile(busy, 95))}`,
  );
  console.log(`Product RSS after the run: ${(await product.rssMb()).toFixed(0)} MB`);
} finally {
  await product.close();
}
