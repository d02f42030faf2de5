/**
 * The demo product's memory: the resident set of its Node process (API, bot, workers, monitor,
 * session keeper and booker, sales engine; PostgreSQL, Chromium and the WB sandbox run apart — the
 * sandbox's own figure is printed too) after a minute at rest, and again after a burst of load on
 * the calendar and half a minute to settle. Target (issue 7): ≤ 200 MB at rest.
 *
 * Run: pnpm --filter @slotpilot/bench product-memory [restSeconds=60]
 * (`PRODUCT_ENTRY=sources` measures the TypeScript sources, as `pnpm start` runs them)
 */
import autocannon from "autocannon";
import { demoProduct, sleep } from "./product.ts";

const [REST = 60] = process.argv.slice(2).map(Number).filter(Boolean);
const product = await demoProduct();

async function settled(seconds: number): Promise<{ last: number; max: number }> {
  let max = 0;
  let last = 0;
  for (let i = 0; i < seconds; i++) {
    await sleep(1000);
    last = await product.rssMb();
    max = Math.max(max, last);
  }
  return { last, max };
}

try {
  const started = await product.rssMb();
  const rest = await settled(REST);
  const load = await autocannon({
    url: `${product.url}/api/slots`,
    connections: 50,
    duration: 15,
    workers: 1,
    headers: { authorization: product.authorization, "accept-encoding": "gzip" },
  });
  const peak = await product.rssMb();
  const after = await settled(30);
  const mb = (v: number) => `${v.toFixed(0)} MB`;
  console.log(
    `Demo product, ${product.entry} (its Node process; PostgreSQL, Chromium, the WB sandbox apart), node ${process.version}`,
  );
  console.log(`  just started:            ${mb(started)}`);
  console.log(`  at rest after ${REST} s:      ${mb(rest.last)} (max ${mb(rest.max)})`);
  console.log(
    `  end of a 15 s burst:     ${mb(peak)} (${load.requests.average.toFixed(0)} calendar req/s at 50 connections)`,
  );
  console.log(`  30 s after the burst:    ${mb(after.last)} (max ${mb(after.max)})`);
  console.log(`  the WB sandbox (demo mode's stand-in for WB, its own process): ${mb(await product.sandboxRssMb())}`);
} finally {
  await product.close();
}
