import type { SessionKeeper } from "@slotpilot/workers";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type BookingKit, bookingKit, dayAhead, eventually } from "./kit.ts";

let kit: BookingKit;
let keeper: SessionKeeper;
beforeAll(async () => {
  kit = await bookingKit(inject("pgAdminUrl"), { sandboxFaults: { competitorDelayMs: null } });
  ({ keeper } = await kit.keeper("drafts-worker", { healthEveryMs: 60 * 60_000 }));
}, 120_000);
afterAll(() => kit?.close());

const KOLEDINO = 507;
const ELEKTROSTAL = 120762;

/** A seller (no token: the portal answers everything) with a draft, and a book task over two ranked warehouses. */
async function draftTask() {
  const seller = await kit.seller();
  const cabinet = seller.cabinets[0] ?? { cabinetId: 0, supplierId: 0 };
  await kit.ready(keeper, [cabinet.cabinetId]);
  const { draftId } = kit.sandbox.control.createDraft({ supplierId: cabinet.supplierId });
  const created = await seller.as("/api/tasks", {
    method: "POST",
    body: {
      cabinetId: cabinet.cabinetId,
      supply: { kind: "draft", draftId, warehouseIds: [KOLEDINO, ELEKTROSTAL] },
      boxTypeId: 2,
      dateFrom: dayAhead(1),
      dateTo: dayAhead(10),
      maxCoefficient: 5,
      mode: "book",
    },
  });
  if (created.status !== 201) throw new Error(`task not created: ${JSON.stringify(created.body)}`);
  return { seller, cabinet, draftId, taskId: created.body.task.id as number };
}

const preorders = (taskId: number) =>
  kit.db
    .selectFrom("booking_preorders")
    .where("task_id", "=", taskId)
    .select(["warehouse_id", "preorder_id", "status"])
    .orderBy("warehouse_id")
    .execute();
/** Waits until both ranked warehouses have their preorder made ahead, recorded and ready. */
const readyPreorders = (taskId: number) =>
  eventually(
    async () => {
      const rows = await preorders(taskId);
      return rows.length === 2 && rows.every((r) => r.status === "ready") ? rows : undefined;
    },
    30_000,
    "the draft's preorders",
  );
const draftSupplies = (supplierId: number, draftId: string) =>
  kit.sandbox.control.supplies(supplierId).filter((s) => s.draftId === draftId);

describe("a draft task with ranked warehouses", () => {
  it("gets a preorder per warehouse ahead of time; a cell at the second is booked with one plan call; the other preorder is removed", async () => {
    const { seller, cabinet, draftId, taskId } = await draftTask();
    const booker = await kit.booker(keeper);
    try {
      // Ahead of time: one unplanned preorder per ranked warehouse, made from the draft and recorded.
      const ready = await readyPreorders(taskId);
      const made = draftSupplies(cabinet.supplierId, draftId);
      expect(made.map((s) => [s.warehouseId, s.statusId]).sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0))).toEqual([
        [KOLEDINO, 1],
        [ELEKTROSTAL, 1],
      ]);
      expect(ready.map((r) => r.preorder_id).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual(
        made.map((s) => s.preorderId).sort((a, b) => a - b),
      );
      const atElektrostal = ready.find((r) => r.warehouse_id === ELEKTROSTAL)?.preorder_id;
      const atKoledino = ready.find((r) => r.warehouse_id === KOLEDINO)?.preorder_id;

      // A cell opens at the second-ranked warehouse.
      const day = dayAhead(3);
      kit.open(ELEKTROSTAL, day, 1, 1);
      const booking = await kit.handOff(taskId, { warehouseId: ELEKTROSTAL, date: day, coefficient: 1 });
      if (!booking) throw new Error("no booking written for the draft task");
      expect(await kit.ended(booking.id)).toMatchObject({ status: "confirmed", strategy: "rpc" });
      expect(await kit.task_(taskId)).toMatchObject({ status: "booked" });

      // One call booked it: plan/add of that warehouse's preorder, made ahead.
      const calls = kit.sandbox.control.requests(cabinet.supplierId).map((r) => r.path);
      expect(calls.filter((p) => p.endsWith("/plan/add"))).toHaveLength(1);
      expect(kit.sandbox.control.bookings().filter((b) => b.supplierId === cabinet.supplierId)).toEqual([
        expect.objectContaining({ preorderId: atElektrostal, warehouseId: ELEKTROSTAL, date: `${day}T00:00:00Z` }),
      ]);

      // The unused preorder is removed from the cabinet, and read back gone.
      await eventually(
        async () => ((await preorders(taskId)).some((r) => r.status === "removing") ? undefined : true),
        30_000,
        "the unused preorder's removal",
      );
      expect(await preorders(taskId)).toEqual([
        { warehouse_id: KOLEDINO, preorder_id: atKoledino, status: "removed" },
        { warehouse_id: ELEKTROSTAL, preorder_id: atElektrostal, status: "used" },
      ]);
      expect(draftSupplies(cabinet.supplierId, draftId)).toEqual([
        expect.objectContaining({ preorderId: atElektrostal, statusId: 2 }),
      ]);
      expect(calls.filter((p) => p.endsWith("/supply/create"))).toHaveLength(2);
      // One unit charged, one "booked" message.
      const results = await kit.outbox(seller.organizationId, "booking.result");
      expect(results.map((r) => (r.payload as { outcome: string }).outcome)).toEqual(["booked"]);
    } finally {
      await booker.stop();
    }
  }, 120_000);

  it("a preorder made but not recorded (a crash between the two) is adopted, never made twice", async () => {
    const { cabinet, draftId, taskId } = await draftTask();
    // The worker wrote its intent for Коледино, WB made the preorder, and the worker died before recording it.
    await kit.db
      .insertInto("booking_preorders")
      .values({ task_id: taskId, cabinet_id: cabinet.cabinetId, draft_id: draftId, warehouse_id: KOLEDINO })
      .execute();
    const { preorderId: orphan } = kit.sandbox.control.createPreorder({
      supplierId: cabinet.supplierId,
      warehouseId: KOLEDINO,
      boxTypeId: 2,
      draftId,
    });
    const booker = await kit.booker(keeper);
    try {
      const rows = await readyPreorders(taskId);
      expect(rows.find((r) => r.warehouse_id === KOLEDINO)?.preorder_id).toBe(orphan);
      // A few more rounds: still one preorder per warehouse.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(
        draftSupplies(cabinet.supplierId, draftId)
          .map((s) => s.warehouseId)
          .sort(),
      ).toEqual([KOLEDINO, ELEKTROSTAL].sort());
      const creates = kit.sandbox.control.requests(cabinet.supplierId).filter((r) => r.path.endsWith("/supply/create"));
      expect(creates).toHaveLength(1);
    } finally {
      await booker.stop();
    }
  }, 120_000);

  it("a draft task deleted before it booked: its preorders are removed from the cabinet", async () => {
    const { seller, cabinet, draftId, taskId } = await draftTask();
    const booker = await kit.booker(keeper);
    try {
      await readyPreorders(taskId);
      expect(draftSupplies(cabinet.supplierId, draftId).map((s) => s.statusId)).toEqual([1, 1]);

      const deleted = await seller.as(`/api/tasks/${taskId}`, { method: "DELETE" });
      expect(deleted.status).toBe(204);
      // The rows outlive the task (without it), and the worker removes both preorders from the portal.
      const left = () =>
        kit.db.selectFrom("booking_preorders").where("draft_id", "=", draftId).select(["task_id", "status"]).execute();
      await eventually(
        async () => ((await left()).every((r) => r.status === "removed") ? true : undefined),
        30_000,
        "the deleted task's preorders removed",
      );
      expect(await left()).toEqual([
        { task_id: null, status: "removed" },
        { task_id: null, status: "removed" },
      ]);
      expect(draftSupplies(cabinet.supplierId, draftId)).toEqual([]);
    } finally {
      await booker.stop();
    }
  }, 120_000);

  it("a cell that opened before its warehouse's preorder existed is booked once the preorder is made, if still open", async () => {
    const { cabinet, draftId, taskId } = await draftTask();
    // No worker yet, so no preorders: a cell opens at each warehouse and the monitor decides on both.
    const day = dayAhead(4);
    kit.open(ELEKTROSTAL, day, 1, 1);
    const cell = (warehouseId: number, coefficient: number) => ({
      warehouse_id: warehouseId,
      date: day,
      box_type_id: 2,
      coefficient,
      allow_unload: coefficient >= 0,
      since: new Date(),
      seen_at: new Date(),
    });
    await kit.db
      .insertInto("slot_cells")
      .values([cell(KOLEDINO, 0), cell(ELEKTROSTAL, 1)])
      .execute();
    expect(await kit.handOff(taskId, { warehouseId: KOLEDINO, date: day, coefficient: 0 })).toBeUndefined();
    expect(await kit.handOff(taskId, { warehouseId: ELEKTROSTAL, date: day, coefficient: 1 })).toBeUndefined();
    // Коледино's cell closes again before any preorder exists; Электросталь's stays open.
    await kit.db
      .updateTable("slot_cells")
      .set({ coefficient: -1, allow_unload: false })
      .where("warehouse_id", "=", KOLEDINO)
      .execute();

    const booker = await kit.booker(keeper);
    try {
      // The preorders are made; the one at Электросталь books the decision that waited for it.
      const booking = await eventually(
        () => kit.db.selectFrom("bookings").where("task_id", "=", taskId).selectAll().executeTakeFirst(),
        30_000,
        "the waiting decision's booking",
      );
      expect(booking).toMatchObject({ warehouse_id: ELEKTROSTAL, date: day, coefficient: 1 });
      expect(await kit.ended(booking.id)).toMatchObject({ status: "confirmed" });
      expect(await kit.task_(taskId)).toMatchObject({ status: "booked" });
      const atElektrostal = (await preorders(taskId)).find((r) => r.warehouse_id === ELEKTROSTAL)?.preorder_id;
      expect(kit.sandbox.control.bookings().filter((b) => b.supplierId === cabinet.supplierId)).toEqual([
        expect.objectContaining({ preorderId: atElektrostal, warehouseId: ELEKTROSTAL, date: `${day}T00:00:00Z` }),
      ]);
      // Nothing for the cell that closed: one booking in all.
      expect(await kit.db.selectFrom("bookings").where("task_id", "=", taskId).select("id").execute()).toHaveLength(1);
      expect(draftSupplies(cabinet.supplierId, draftId).filter((s) => s.statusId === 2)).toHaveLength(1);
    } finally {
      await booker.stop();
    }
  }, 120_000);
});
