import { describe, expect, it } from "vitest";
import { FEED_BUDGET, ReadScheduler } from "./read-scheduler.ts";

const T0 = 1_000_000;

/** Runs the scheduler as the monitor does: wait for the planned read, start it, report the answer. */
function simulate(
  scheduler: ReadScheduler,
  untilMs: number,
  answer: (read: { accountId: string; tokenId: string; at: number }) => "ok" | "4xx" | number | "401" = () => "ok",
) {
  const reads: { accountId: string; tokenId: string; at: number; outcome: string }[] = [];
  let now = T0;
  for (let guard = 0; guard < 10_000; guard++) {
    const planned = scheduler.next(now);
    if (!planned || planned.at > untilMs) break;
    now = planned.at;
    scheduler.started(planned.accountId, now);
    const outcome = answer(planned);
    if (outcome === "4xx") scheduler.clientError(planned.accountId, now);
    else if (outcome === "401") scheduler.unauthorized(planned.accountId, planned.tokenId, now);
    else if (typeof outcome === "number") scheduler.rateLimited(planned.accountId, now, outcome);
    reads.push({ ...planned, outcome: String(outcome) });
  }
  return reads;
}

/** The most reads any one account made in any 60 s window. */
function maxPerMinute(reads: { accountId: string; at: number }[]) {
  let max = 0;
  for (const r of reads) {
    const inWindow = reads.filter((o) => o.accountId === r.accountId && o.at >= r.at && o.at < r.at + 60_000);
    max = Math.max(max, inWindow.length);
  }
  return max;
}

const pool = (...accounts: [string, string[]][]) => accounts.map(([accountId, tokenIds]) => ({ accountId, tokenIds }));

describe("ReadScheduler — stagger", () => {
  it("with one account reads every 10 s", () => {
    const scheduler = new ReadScheduler();
    scheduler.setAccounts(pool(["a", ["a1"]]), T0);
    const reads = simulate(scheduler, T0 + 60_000);
    expect(reads.map((r) => r.at - T0)).toEqual([0, 10_000, 20_000, 30_000, 40_000, 50_000, 60_000]);
  });

  it("with N accounts reads every 10/N s, round-robin", () => {
    const scheduler = new ReadScheduler();
    scheduler.setAccounts(pool(["a", ["a1"]], ["b", ["b1"]], ["c", ["c1"]], ["d", ["d1"]]), T0);
    const reads = simulate(scheduler, T0 + 20_000);
    expect(reads.map((r) => `${r.accountId}@${r.at - T0}`)).toEqual([
      "a@0",
      "b@2500",
      "c@5000",
      "d@7500",
      "a@10000",
      "b@12500",
      "c@15000",
      "d@17500",
      "a@20000",
    ]);
  });

  it("several tokens of one account add no throughput: they share one budget", () => {
    const scheduler = new ReadScheduler();
    scheduler.setAccounts(pool(["a", ["a1", "a2", "a3"]], ["b", ["b1"]]), T0);
    const reads = simulate(scheduler, T0 + 10 * 60_000);
    expect(scheduler.staggerMs).toBe(5_000);
    expect(reads.filter((r) => r.accountId === "a")).toHaveLength(61);
    expect(maxPerMinute(reads)).toBe(6);
  });

  it("never spends an account's burst: at most 6 reads in any 60 s, over a long run", () => {
    const scheduler = new ReadScheduler();
    scheduler.setAccounts(pool(["a", ["a1"]], ["b", ["b1", "b2"]], ["c", ["c1"]]), T0);
    const reads = simulate(scheduler, T0 + 30 * 60_000);
    expect(maxPerMinute(reads)).toBe(6);
    expect(reads.length).toBeGreaterThanOrEqual(3 * 6 * 30);
  });

  it("an account added later joins the rotation and the pace speeds up", () => {
    const scheduler = new ReadScheduler();
    scheduler.setAccounts(pool(["a", ["a1"]]), T0);
    scheduler.started("a", T0);
    scheduler.setAccounts(pool(["a", ["a1"]], ["b", ["b1"]]), T0 + 1_000);
    expect(scheduler.next(T0 + 1_000)).toMatchObject({ accountId: "b", at: T0 + 5_000 });
    scheduler.started("b", T0 + 5_000);
    expect(scheduler.next(T0 + 5_000)).toMatchObject({ accountId: "a", at: T0 + 10_000 });
    expect(scheduler.staggerMs).toBe(5_000);
  });

  it("has nothing to plan without accounts", () => {
    const scheduler = new ReadScheduler();
    expect(scheduler.next(T0)).toBeNull();
    scheduler.setAccounts(pool(["a", []]), T0);
    expect(scheduler.next(T0)).toBeNull();
    expect(scheduler.usableAccounts).toBe(0);
  });
});

describe("ReadScheduler — WB's penalties", () => {
  it("after a 429 the account waits exactly what X-Ratelimit-Retry said", () => {
    const scheduler = new ReadScheduler();
    scheduler.setAccounts(pool(["a", ["a1"]]), T0);
    const reads = simulate(scheduler, T0 + 60_000, (r) => (r.at === T0 ? 37_000 : "ok"));
    expect(reads.map((r) => r.at - T0)).toEqual([0, 37_000, 47_000, 57_000]);
  });

  it("while one account serves a 429 the others keep their pace", () => {
    const scheduler = new ReadScheduler();
    scheduler.setAccounts(pool(["a", ["a1"]], ["b", ["b1"]]), T0);
    let limited = false;
    const reads = simulate(scheduler, T0 + 60_000, (r) => {
      if (r.accountId === "a" && !limited) {
        limited = true;
        return 37_000;
      }
      return "ok";
    });
    const a = reads.filter((r) => r.accountId === "a").map((r) => r.at - T0);
    expect(a[1]).toBeGreaterThanOrEqual(37_000);
    const b = reads.filter((r) => r.accountId === "b").map((r) => r.at - T0);
    expect(b.slice(0, 4)).toEqual([5_000, 15_000, 25_000, 35_000]);
  });

  it("a 4xx costs 10 reads: the account's next read waits until its bucket has a token again", () => {
    const scheduler = new ReadScheduler();
    scheduler.setAccounts(pool(["a", ["a1"]]), T0);
    // A full bucket (6) pays for the read (5 left) and the 4xx penalty (9 more): -4, so 50 s to reach 1.
    const reads = simulate(scheduler, T0 + 120_000, (r) => (r.at === T0 ? "4xx" : "ok"));
    expect(reads.map((r) => r.at - T0).slice(0, 3)).toEqual([0, 50_000, 60_000]);
  });

  it("two 4xx in a row push the account further back than the pace alone would", () => {
    const scheduler = new ReadScheduler({ ...FEED_BUDGET });
    scheduler.setAccounts(pool(["a", ["a1"]]), T0);
    const reads = simulate(scheduler, T0 + 300_000, (r) => (r.at - T0 < 60_000 ? "4xx" : "ok"));
    // 6 - 10 = -4 → ready at +50 s; then -4 + 5 - 10 = -9 → ready 100 s later.
    expect(reads.map((r) => r.at - T0).slice(0, 3)).toEqual([0, 50_000, 150_000]);
  });

  it("a 401 drops the token; the account goes on with its other token; with none left it leaves the pool", () => {
    const scheduler = new ReadScheduler();
    scheduler.setAccounts(pool(["a", ["a1", "a2"]], ["b", ["b1"]]), T0);
    const reads = simulate(scheduler, T0 + 200_000, (r) => (r.tokenId === "a1" || r.tokenId === "b1" ? "401" : "ok"));
    expect(reads.slice(0, 2).map((r) => `${r.tokenId}:${r.outcome}`)).toEqual(["a1:401", "b1:401"]);
    expect(reads.slice(2).every((r) => r.tokenId === "a2")).toBe(true);
    expect(scheduler.usableAccounts).toBe(1);
    expect(scheduler.isRefused("a1")).toBe(true);
    // A refresh from the database does not bring a refused token back.
    scheduler.setAccounts(pool(["a", ["a1", "a2"]], ["b", ["b1"]]), T0 + 200_000);
    expect(scheduler.usableAccounts).toBe(1);
    expect(scheduler.usableTokens).toBe(1);
  });

  it("an account refreshed from the database keeps the penalty it is serving", () => {
    const scheduler = new ReadScheduler();
    scheduler.setAccounts(pool(["a", ["a1"]]), T0);
    scheduler.started("a", T0);
    scheduler.rateLimited("a", T0, 45_000);
    scheduler.setAccounts(pool(["a", ["a1", "a2"]]), T0 + 1_000);
    expect(scheduler.next(T0 + 1_000)?.at).toBe(T0 + 45_000);
  });
});
