import type { FeedRow } from "@slotpilot/domain";
import { silentLogger } from "@slotpilot/observability";
import { describe, expect, it } from "vitest";
import type { Clock } from "./clock.ts";
import { createPortalSource, type MonitorSession, PortalReadError } from "./portal-source.ts";

function fakeClock(start = Date.parse("2026-11-21T06:00:00Z")): Clock & { set(ms: number): void } {
  let now = start;
  return {
    now: () => now,
    sleep: async (ms) => {
      now += ms;
    },
    set: (ms) => {
      now = ms;
    },
  };
}

const row: FeedRow = {
  date: "2026-11-25T00:00:00Z",
  coefficient: 0,
  warehouseID: 507,
  allowUnload: true,
  boxTypeID: 2,
};

/** Runs the source as the monitor would for `ms`: read whenever it says so. */
async function drive(source: ReturnType<typeof createPortalSource>, clock: ReturnType<typeof fakeClock>, ms: number) {
  const end = clock.now() + ms;
  const reads: { at: number; via: string }[] = [];
  const signal = new AbortController().signal;
  while (clock.now() < end) {
    const at = await source.nextReadAt(clock.now());
    if (at === null) {
      clock.set(clock.now() + 1_000);
      continue;
    }
    if (at > clock.now()) {
      clock.set(Math.min(at, end));
      continue;
    }
    try {
      const { via } = await source.read(signal);
      reads.push({ at: clock.now(), via });
    } catch {
      // counted by the caller through the fake's log
    }
  }
  return reads;
}

describe("the portal-session slot source", () => {
  const sessions: MonitorSession[] = [
    { cabinetId: 1, supplierId: 41 },
    { cabinetId: 2, supplierId: 42 },
    { cabinetId: 3, supplierId: 43 },
  ];

  it("reads nothing while the public feed works", async () => {
    const clock = fakeClock();
    const calls: number[] = [];
    const source = createPortalSource({
      listSessions: async () => sessions,
      readReport: async (id) => {
        calls.push(id);
        return [row];
      },
      primaryDown: () => false,
      clock,
      log: silentLogger,
    });
    expect(await drive(source, clock, 5 * 60_000)).toEqual([]);
    expect(calls).toEqual([]);
    expect(source.health()).toEqual({ usableAccounts: 0, usableTokens: 0 });
  });

  it("with the feed down, staggers reads across sessions, each within its own budget (one a minute)", async () => {
    const clock = fakeClock();
    const source = createPortalSource({
      listSessions: async () => sessions,
      readReport: async () => [row],
      primaryDown: () => true,
      clock,
      log: silentLogger,
    });
    const start = clock.now();
    const reads = await drive(source, clock, 10 * 60_000);
    // Three sessions, one report a minute each: a read every 20 s, the calendar live every 20 s.
    expect(reads.length).toBeGreaterThanOrEqual(29);
    expect(reads.length).toBeLessThanOrEqual(31);
    for (const id of [1, 2, 3]) {
      const mine = reads.filter((r) => r.via.endsWith(`cabinet ${id}`)).map((r) => r.at - start);
      expect(mine.length).toBeGreaterThanOrEqual(9);
      for (let i = 1; i < mine.length; i++) expect((mine[i] ?? 0) - (mine[i - 1] ?? 0)).toBeGreaterThanOrEqual(60_000);
    }
    const gaps = reads.slice(1).map((r, i) => r.at - (reads[i]?.at ?? 0));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(20_000);
    expect(source.health()).toEqual({ usableAccounts: 3, usableTokens: 3 });
  });

  it("never reads more often than its floor, however many sessions there are", async () => {
    const clock = fakeClock();
    const many = Array.from({ length: 40 }, (_, i) => ({ cabinetId: i + 1, supplierId: 100 + i }));
    const source = createPortalSource({
      listSessions: async () => many,
      readReport: async () => [row],
      primaryDown: () => true,
      clock,
      log: silentLogger,
      minGapMs: 5_000,
    });
    const reads = await drive(source, clock, 60_000);
    const gaps = reads.slice(1).map((r, i) => r.at - (reads[i]?.at ?? 0));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(5_000);
    expect(reads.length).toBeLessThanOrEqual(13);
  });

  it("stops as soon as the feed is back, and backs a session off when the portal asks it to slow down", async () => {
    const clock = fakeClock();
    let feedDown = true;
    const calls: number[] = [];
    const source = createPortalSource({
      listSessions: async () => [sessions[0] as MonitorSession],
      readReport: async () => {
        calls.push(clock.now());
        if (calls.length === 2) throw new PortalReadError("portal.rate_limited");
        return [row];
      },
      primaryDown: () => feedDown,
      clock,
      log: silentLogger,
      budget: { burst: 1, intervalMs: 30_000, clientErrorCost: 1 },
    });
    await drive(source, clock, 3 * 60_000);
    // Reads at 0 and 30 s (429), then it waits two whole intervals before asking again.
    const [, limited = 0, next = 0] = calls;
    expect(next - limited).toBeGreaterThanOrEqual(60_000);
    feedDown = false;
    const before = calls.length;
    await drive(source, clock, 5 * 60_000);
    expect(calls.length).toBe(before);
  });
});
