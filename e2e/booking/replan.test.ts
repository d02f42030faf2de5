import { changePlan } from "@slotpilot/db";
import { MESSAGE_KINDS, type SessionKeeper } from "@slotpilot/workers";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type BookingKit, bookingKit, dayAhead, eventually } from "./kit.ts";

let kit: BookingKit;
let keeper: SessionKeeper;
beforeAll(async () => {
  kit = await bookingKit(inject("pgAdminUrl"), { sandboxFaults: { competitorDelayMs: null } });
  ({ keeper } = await kit.keeper("replan-worker", { healthEveryMs: 60 * 60_000 }));
}, 120_000);
afterAll(() => kit?.close());

const say = (kind: string, payload: unknown, locale: "en" | "ru") =>
  MESSAGE_KINDS[kind]?.(payload, locale, "https://slotpilot.example")?.text ?? "";

describe("re-plan: booked at a paid coefficient, the supply moves to a better day", () => {
  it("monitor → booked at ×3 → watching → a free, earlier day opens → plan/update from the page → read back moved, one message, one unit charged", async () => {
    const seller = await kit.seller({ token: true, lang: "ru" });
    const cabinet = seller.cabinets[0] ?? { cabinetId: 0, supplierId: 0 };
    // The seller lends the cabinet's token to the shared monitor: the real monitor matches the cells.
    await seller.as(`/api/cabinets/${cabinet.cabinetId}`, { method: "PATCH", body: { monitorOptIn: true } });
    await kit.ready(keeper, [cabinet.cabinetId]);
    // Re-plan is a Pro feature.
    await changePlan(kit.db, seller.organizationId, {
      type: "granted",
      plan: "pro25",
      at: new Date(),
      byTelegramId: 1,
    });
    const { taskId, preorderId } = await kit.task(seller, cabinet, { maxCoefficient: 5, replan: true });
    expect((await seller.as(`/api/tasks/${taskId}`)).body.task).toMatchObject({ replan: true, planned: null });
    const booker = await kit.booker(keeper);
    const monitor = await kit.monitor(booker);
    try {
      await kit.firstRead();
      const paidDay = dayAhead(6);
      kit.open(507, paidDay, 2, 3);
      const first = await kit.firstBooking(taskId);
      expect(await kit.ended(first.id)).toMatchObject({ status: "confirmed", kind: "plan", date: paidDay });
      // Booked at ×3 with re-plan on: booked, and still watching for a better day.
      expect(await kit.task_(taskId)).toMatchObject({
        status: "watching",
        planned_warehouse_id: 507,
        planned_date: paidDay,
        planned_coefficient: 3,
      });

      // A cell as dear but later is no reason to move; a free cell at another warehouse cannot be moved to.
      kit.open(507, dayAhead(8), 2, 3);
      kit.open(120762, dayAhead(2), 2, 0);
      // A free cell on an earlier day at the same warehouse: the supply moves there.
      const freeDay = dayAhead(2);
      kit.open(507, freeDay, 2, 0);
      const move = await eventually(
        async () =>
          kit.db
            .selectFrom("bookings")
            .selectAll()
            .where("task_id", "=", taskId)
            .where("kind", "=", "replan")
            .executeTakeFirst(),
        60_000,
        "the re-plan decision",
      );
      expect(move).toMatchObject({ warehouse_id: 507, date: freeDay, coefficient: 0 });
      expect(await kit.ended(move.id)).toMatchObject({ status: "confirmed", strategy: "rpc" });
      // Free now: nothing better can come, the task is simply booked, planned on the new day.
      expect(await kit.task_(taskId)).toMatchObject({
        status: "booked",
        planned_date: freeDay,
        planned_coefficient: 0,
      });

      // WB's side: the same supply, planned on the free day; one plan/add, one plan/update.
      expect(kit.sandbox.control.supplies(cabinet.supplierId).find((s) => s.preorderId === preorderId)).toMatchObject({
        statusId: 2,
        supplyDate: `${freeDay}T00:00:00Z`,
      });
      const calls = kit.sandbox.control.requests(cabinet.supplierId).map((r) => r.path);
      expect(calls.filter((p) => p.endsWith("/plan/add"))).toHaveLength(1);
      expect(calls.filter((p) => p.endsWith("/plan/update"))).toHaveLength(1);
      expect(await kit.db.selectFrom("bookings").where("task_id", "=", taskId).select("kind").execute()).toHaveLength(
        2,
      );

      // The seller: "booked", then one "moved" message (from ×3 on the paid day to free on the earlier one).
      const results = await kit.outbox(seller.organizationId, "booking.result");
      expect(results.map((r) => (r.payload as { outcome: string }).outcome)).toEqual(["booked", "moved"]);
      const moved = results[1]?.payload;
      expect(say("booking.result", moved, "ru")).toMatch(
        /Поставка перенесена[\s\S]*Было: .*×3[\s\S]*Стало: .*бесплатно/i,
      );
      expect(say("booking.result", moved, "en")).toMatch(/Supply moved[\s\S]*Was: .*×3[\s\S]*Now: .*free/i);

      // The move was not charged: one unit of the allowance, for the booking.
      const units = await kit.db
        .selectFrom("booking_allowance")
        .where("organization_id", "=", seller.organizationId)
        .select("status")
        .execute();
      expect(units).toEqual([{ status: "charged" }]);
    } finally {
      await monitor.stop();
      await booker.stop();
    }
  }, 240_000);
});
