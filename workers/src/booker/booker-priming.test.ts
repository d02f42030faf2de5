import type { ClaimedBooking } from "@slotpilot/db";
import { silentLogger } from "@slotpilot/observability";
import type { PortalPage } from "@slotpilot/portal";
import { describe, expect, it } from "vitest";
import { Booker } from "./booker.ts";
import type { BookingStore } from "./ports.ts";

/**
 * Which pages the booker gets ready ahead of a booking: the hunting cabinets among those it holds,
 * and not one that is booking or has just booked. On the RPC strategy a page solves the planning
 * challenge; on the UI strategy it waits on the supply's page (the challenge is the button's).
 */
const HELD = [1, 2, 3];
/** Cabinet 2's task watches for a better day for a planned supply: nothing to click for. */
const HUNTING = [
  { cabinetId: 1, preorderId: 101 },
  { cabinetId: 2, preorderId: null },
];

function world(claims: ClaimedBooking[][] = [], options: { databaseDownFor?: number; primeEveryMs?: number } = {}) {
  const primed: number[] = [];
  const opened: string[] = [];
  const asked: number[][] = [];
  let down = options.databaseDownFor ?? 0;
  const store: BookingStore = {
    claim: async () => claims.shift() ?? [],
    finish: async () => true,
    unclaim: async () => {},
    expireStale: async () => 0,
    hunting: async (ids) => {
      asked.push([...ids]);
      if (down-- > 0) throw new Error("Connection terminated unexpectedly");
      return HUNTING.filter((h) => ids.includes(h.cabinetId));
    },
  };
  const page = (cabinetId: number) =>
    new Proxy({} as PortalPage, {
      get: (_, prop) =>
        prop === "primeChallenge"
          ? async () => {
              primed.push(cabinetId);
            }
          : prop === "openSupplyPage"
            ? async (preorderId: number) => {
                opened.push(`${cabinetId}:${preorderId}`);
              }
            : () => Promise.reject(new Error("the page is gone")),
    });
  const start = async (strategy: "rpc" | "ui" = "rpc") => {
    const booker = new Booker({
      workerId: "w",
      store,
      pages: { ready: () => HELD, use: (id, work) => work(page(id)) },
      official: async () => undefined,
      log: silentLogger,
      strategy,
      pollMs: 20,
      primeEveryMs: options.primeEveryMs ?? 100,
    });
    await booker.start();
    return booker;
  };
  return { primed, opened, asked, start };
}

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(done: () => boolean): Promise<void> {
  for (let waited = 0; !done(); waited += 10) {
    if (waited > 10_000) throw new Error("never happened");
    await settle(10);
  }
}

describe("the booker getting pages ready ahead", () => {
  it("has each hunting cabinet's page solve one, round after round; a held cabinet with nothing to book is left alone", async () => {
    const w = world();
    const started = Date.now();
    const booker = await w.start();
    const rounds = () => w.primed.filter((id) => id === 1).length;
    await until(() => rounds() >= 3);
    await booker.stop();
    expect(new Set(w.primed)).toEqual(new Set([1, 2]));
    expect(w.opened).toEqual([]);
    // A round every 100 ms, not every pass (every 20 ms).
    expect(rounds()).toBeLessThanOrEqual(Math.ceil((Date.now() - started) / 100) + 1);
  });

  it("skips a cabinet that has just booked, until a round has passed", async () => {
    const booking = { id: 9, cabinetId: 2, taskId: 5, kind: "plan" } as ClaimedBooking;
    // Rounds a second apart: a loaded machine stalling a few hundred ms must not make "just" stale.
    const w = world([[booking]], { primeEveryMs: 1_000 });
    const booker = await w.start();
    await until(() => w.primed.includes(1));
    expect(w.primed).not.toContain(2);
    expect(w.asked[0]).toEqual([1, 3]);
    await until(() => w.primed.includes(2));
    await booker.stop();
  });

  it("goes on when the database cannot say which cabinets hunt: nothing solved that round, the next one does", async () => {
    const w = world([], { databaseDownFor: 2 });
    const booker = await w.start();
    await until(() => w.primed.length > 0);
    await booker.stop();
    expect(w.asked.length).toBeGreaterThanOrEqual(3);
    expect(new Set(w.primed)).toEqual(new Set([1, 2]));
  });

  it("on the UI strategy has a hunting cabinet's page wait on its supply's page, and solves nothing: the portal's own button runs the challenge", async () => {
    const w = world();
    const booker = await w.start("ui");
    await until(() => w.opened.length >= 2);
    await booker.stop();
    expect(new Set(w.opened)).toEqual(new Set(["1:101"]));
    expect(w.primed).toEqual([]);
  });
});
