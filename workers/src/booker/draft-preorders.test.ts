import type { PreorderToCreate, PreorderToRemove } from "@slotpilot/db";
import { silentLogger } from "@slotpilot/observability";
import { type PortalPage, PortalSessionLost } from "@slotpilot/portal";
import { describe, expect, it } from "vitest";
import { DraftRetries, tendDraftPreorders } from "./draft-preorders.ts";
import type { DraftStore, WarmPages } from "./ports.ts";

const REFUSING = 507;
const WILLING = 120762;

/** One cabinet's draft task over two warehouses, WB refusing to make preorders at the first. */
function world(options: { sessionLost?: boolean; warehouses?: number[]; limit?: number } = {}) {
  const warehouses = options.warehouses ?? [REFUSING, WILLING];
  const calls: string[] = [];
  const recorded: number[] = [];
  let removable: PreorderToRemove[] = [];
  const create = (warehouseId: number): PreorderToCreate => ({
    taskId: 1,
    cabinetId: 9,
    draftId: "d-1",
    warehouseId,
    boxTypeId: 2,
    intent: false,
  });
  const store: DraftStore = {
    // As the database lists it: what the worker holds back left out, then at most `limit`.
    work: async ({ skip }) => ({
      create: warehouses
        .filter((w) => !recorded.includes(w) && !skip?.create.some((c) => c.taskId === 1 && c.warehouseId === w))
        .map(create)
        .slice(0, options.limit),
      remove: removable.filter((r) => !skip?.remove.includes(r.id)).slice(0, options.limit),
    }),
    noteIntent: async () => {},
    record: async (input) => {
      recorded.push(input.warehouseId);
    },
    recordedIds: async () => new Set(),
    removed: async (id) => {
      removable = removable.filter((r) => r.id !== id);
    },
  };
  const portal = {
    listSupplies: async () => [],
    createPreorder: async (request: { warehouseId: number }) => {
      calls.push(`create ${request.warehouseId}`);
      if (options.sessionLost) throw new PortalSessionLost("logged out");
      if (request.warehouseId !== WILLING) throw new Error("WB: warehouse not available for this draft");
      return 70_000 + request.warehouseId;
    },
    deletePreorder: async (preorderId: number) => {
      calls.push(`delete ${preorderId}`);
      if (preorderId === 1) throw new Error("WB: 500");
      return "deleted" as const;
    },
  } as unknown as PortalPage;
  /** What the session keeper saw come out of the page's work. */
  const keeperSaw: unknown[] = [];
  const pages: WarmPages = {
    ready: () => [9],
    use: (_cabinetId, work) =>
      work(portal).catch((err: unknown) => {
        keeperSaw.push(err);
        throw err;
      }),
  };
  let now = 0;
  const retries = new DraftRetries();
  return {
    calls,
    recorded,
    keeperSaw,
    setRemovable: (rows: PreorderToRemove[]) => {
      removable = rows;
    },
    /** One round of the worker at `at` ms. */
    round: async (at: number) => {
      now = at;
      await tendDraftPreorders({ workerId: "w", store, pages, log: silentLogger, retries, now: () => now });
    },
  };
}

describe("draft preorders a warehouse refuses", () => {
  it("do not hold up the others, and are asked again after 2 s, 4 s, 8 s … not every round", async () => {
    const w = world();
    await w.round(0);
    // The refusal did not stop the next warehouse's preorder.
    expect(w.calls).toEqual([`create ${REFUSING}`, `create ${WILLING}`]);
    expect(w.recorded).toEqual([WILLING]);

    // Rounds every second for 20 s: asked again at 2 s, then 6 s (2 + 4), then 14 s (6 + 8).
    for (let at = 1_000; at <= 20_000; at += 1_000) await w.round(at);
    expect(w.calls.filter((c) => c === `create ${REFUSING}`)).toHaveLength(4);
    expect(w.calls.filter((c) => c === `create ${WILLING}`)).toHaveLength(1);
  });

  it("the preorders waiting out a refusal are not listed, so they never crowd out the work behind them", async () => {
    // Two refusing warehouses fill the listing's room (two items); the willing one is third.
    const w = world({ warehouses: [REFUSING, 117986, WILLING], limit: 2 });
    await w.round(0);
    expect(w.calls).toEqual([`create ${REFUSING}`, "create 117986"]);
    await w.round(1_000);
    expect(w.recorded).toEqual([WILLING]);
    expect(w.calls).toEqual([`create ${REFUSING}`, "create 117986", `create ${WILLING}`]);
  });

  it("a removal that fails waits too, while the next removal goes on", async () => {
    const w = world();
    w.setRemovable([
      { id: 1, cabinetId: 9, draftId: "d-1", warehouseId: REFUSING, preorderId: 1 },
      { id: 2, cabinetId: 9, draftId: "d-1", warehouseId: WILLING, preorderId: 2 },
    ]);
    await w.round(0);
    await w.round(1_000);
    expect(w.calls.filter((c) => c.startsWith("delete"))).toEqual(["delete 1", "delete 2"]);
    await w.round(2_000);
    expect(w.calls.filter((c) => c.startsWith("delete"))).toEqual(["delete 1", "delete 2", "delete 1"]);
  });

  it("a session lost on the way is not one preorder's failure: it reaches the session keeper, nothing waits", async () => {
    const w = world({ sessionLost: true });
    await w.round(0);
    expect(w.keeperSaw).toEqual([expect.any(PortalSessionLost)]);
    // Not held back: the next round (a new session) asks again at once.
    await w.round(500);
    expect(w.calls).toEqual([`create ${REFUSING}`, `create ${REFUSING}`]);
  });
});
