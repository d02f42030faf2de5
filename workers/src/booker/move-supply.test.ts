import type { ClaimedBooking } from "@slotpilot/db";
import { PortalNotSupported, type PortalPage, PortalSessionLost, type PortalSupply } from "@slotpilot/portal";
import { describe, expect, it } from "vitest";
import { ReadBackFailed, SessionLostWhileBooking } from "./book-slot.ts";
import { moveSupply } from "./move-supply.ts";
import type { OfficialSupplies } from "./ports.ts";

/**
 * Re-plan's move, every way it can end, against a scripted portal page: what WB lists before the
 * move, what it lists after, what the day costs, and what `plan/update` does.
 */

const PREORDER = 4242;
const SUPPLY = 9_100_001;
const OLD_DAY = "2026-12-10";
const NEW_DAY = "2026-12-04";

const job = (over: Partial<ClaimedBooking["task"]> = {}): ClaimedBooking => ({
  id: 1,
  taskId: 2,
  organizationId: 3,
  cabinetId: 4,
  warehouseId: 507,
  date: NEW_DAY,
  boxTypeId: 2,
  coefficient: 0,
  priority: 0,
  attempts: 1,
  workerId: "w",
  leaseEpoch: 1,
  recovering: false,
  kind: "replan",
  task: {
    supplyId: String(PREORDER),
    dryRun: false,
    maxCostRub: null,
    planned: { supplyId: SUPPLY, date: OLD_DAY, coefficient: 3 },
    ...over,
  },
});

const listed = (statusId: number, day: string | null, supplyId: number | null = SUPPLY): PortalSupply =>
  ({
    preorderId: PREORDER,
    supplyId,
    statusId,
    supplyDate: day && `${day}T00:00:00Z`,
    warehouseId: 507,
  }) as PortalSupply;

interface Script {
  /** What each `listSupplies` call answers, in turn (the last one repeats). */
  listings: (PortalSupply[] | Error)[];
  costs?: { date: string; coefficient: number; cost: number | null }[];
  replan?: Error;
}

function page(script: Script) {
  const calls: string[] = [];
  let listing = 0;
  const portal = {
    page: { screenshot: async () => Buffer.from("png") },
    listSupplies: async () => {
      calls.push("list");
      const answer = script.listings[Math.min(listing++, script.listings.length - 1)] ?? [];
      if (answer instanceof Error) throw answer;
      return answer;
    },
    acceptanceCosts: async () => {
      calls.push("costs");
      return (script.costs ?? []).map((c) => ({ ...c, date: `${c.date}T00:00:00Z` }));
    },
    replanByRpc: async (request: { supplyId: number; date: string }) => {
      calls.push(`plan/update ${request.supplyId} ${request.date}`);
      if (script.replan) throw script.replan;
    },
  } as unknown as PortalPage;
  return { portal, calls };
}

const noToken: OfficialSupplies = async () => undefined;
const deps = { strategy: "rpc" as const, official: noToken, readBackTries: 2 };

describe("moving a planned supply to a better day", () => {
  it("moves it and confirms when the supply reads back on the new day", async () => {
    const { portal, calls } = page({ listings: [[listed(2, OLD_DAY)], [listed(2, NEW_DAY)]] });
    expect(await moveSupply(portal, job(), deps)).toMatchObject({ kind: "confirmed", supplyId: SUPPLY });
    expect(calls).toEqual(["list", `plan/update ${SUPPLY} ${NEW_DAY}`, "list"]);
  });

  it("already on the new day (a repeat after a crash): confirmed without a second move", async () => {
    const { portal, calls } = page({ listings: [[listed(2, NEW_DAY)]] });
    expect(await moveSupply(portal, job(), deps)).toMatchObject({ kind: "confirmed", supplyId: SUPPLY });
    expect(calls).toEqual(["list"]);
  });

  it.each([
    ["the supply is gone from the cabinet", [[]], "failed", "booking.supply_gone"],
    ["the supply is past planning (shipping allowed)", [[listed(3, OLD_DAY)]], "missed", "booking.move_unavailable"],
    ["WB names no supply id yet", [[listed(2, OLD_DAY, null)]], "missed", "booking.move_unavailable"],
  ] as const)("%s: nothing is moved", async (_name, listings, kind, reason) => {
    const { portal, calls } = page({ listings: listings.map((l) => [...l]) });
    expect(await moveSupply(portal, job(), deps)).toMatchObject({ kind, reason });
    expect(calls.filter((c) => c.startsWith("plan/update"))).toEqual([]);
  });

  it("with a ruble cap: a dearer day is left alone, a closed one too, an affordable one is moved to", async () => {
    const capped = job({ maxCostRub: 200 });
    const dear = page({ listings: [[listed(2, OLD_DAY)]], costs: [{ date: NEW_DAY, coefficient: 1, cost: 350 }] });
    expect(await moveSupply(dear.portal, capped, deps)).toMatchObject({
      kind: "missed",
      reason: "booking.cost_over_cap",
    });
    const closed = page({ listings: [[listed(2, OLD_DAY)]], costs: [{ date: NEW_DAY, coefficient: -1, cost: null }] });
    expect(await moveSupply(closed.portal, capped, deps)).toMatchObject({ kind: "missed" });
    expect([...dear.calls, ...closed.calls].filter((c) => c.startsWith("plan/update"))).toEqual([]);

    const fine = page({
      listings: [[listed(2, OLD_DAY)], [listed(2, NEW_DAY)]],
      costs: [{ date: NEW_DAY, coefficient: 1, cost: 150 }],
    });
    expect(await moveSupply(fine.portal, capped, deps)).toMatchObject({ kind: "confirmed", acceptanceCost: 150 });
  });

  it("a driver that cannot run the page's challenge (real WB today): missed, WB unavailable", async () => {
    const { portal } = page({ listings: [[listed(2, OLD_DAY)]], replan: new PortalNotSupported("no challenge") });
    expect(await moveSupply(portal, job(), deps)).toMatchObject({ kind: "missed", reason: "booking.wb_unavailable" });
  });

  it("WB took the move but the supply stays on the old day: not confirmed, still booked where it was", async () => {
    const { portal, calls } = page({ listings: [[listed(2, OLD_DAY)]] });
    expect(await moveSupply(portal, job(), deps)).toMatchObject({ kind: "missed", reason: "booking.not_confirmed" });
    // Read back twice (readBackTries) before giving up.
    expect(calls).toEqual(["list", `plan/update ${SUPPLY} ${NEW_DAY}`, "list", "list"]);
  });

  it("the supply vanished after the move: failed, the supply is gone", async () => {
    const { portal } = page({ listings: [[listed(2, OLD_DAY)], []] });
    expect(await moveSupply(portal, job(), deps)).toMatchObject({ kind: "failed", reason: "booking.supply_gone" });
  });

  it("the read-back itself fails: handed back to be read again, not judged", async () => {
    const { portal } = page({ listings: [[listed(2, OLD_DAY)], new Error("socket hang up")] });
    await expect(moveSupply(portal, job(), deps)).rejects.toBeInstanceOf(ReadBackFailed);
  });

  it("the session ends during the move: the ending travels to the session keeper, with a screenshot", async () => {
    const { portal } = page({ listings: [[listed(2, OLD_DAY)]], replan: new PortalSessionLost("logged out") });
    const error = await moveSupply(portal, job(), deps).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SessionLostWhileBooking);
    expect((error as SessionLostWhileBooking).ending).toMatchObject({
      kind: "missed",
      reason: "booking.session_lost",
      screenshot: Buffer.from("png"),
    });
  });
});
