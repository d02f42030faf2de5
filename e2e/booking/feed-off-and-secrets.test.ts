import type { SessionKeeper } from "@slotpilot/workers";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { capturingLogger } from "../portal/kit.ts";
import { type BookingKit, bookingKit, dayAhead } from "./kit.ts";

let kit: BookingKit;
let keeper: SessionKeeper;
let pool: Awaited<ReturnType<BookingKit["keeper"]>>["pool"];
const logs = capturingLogger();
beforeAll(async () => {
  kit = await bookingKit(inject("pgAdminUrl"), { sandboxFaults: { competitorDelayMs: null } });
  ({ keeper, pool } = await kit.keeper("feed-off-worker", { healthEveryMs: 60 * 60_000 }, { log: logs.log }));
}, 120_000);
afterAll(() => kit?.close());

describe("the public feed switched off", () => {
  it("a slot seen only through the portal sessions is still booked: monitor → hand-off → fast path → booked", async () => {
    kit.sandbox.control.setFaults({ feedOff: true });
    const seller = await kit.seller({ token: true });
    const cabinet = seller.cabinets[0] ?? { cabinetId: 0, supplierId: 0 };
    // The seller lends the cabinet to the shared monitor: with the feed off, its portal session reads the slots.
    await seller.as(`/api/cabinets/${cabinet.cabinetId}`, { method: "PATCH", body: { monitorOptIn: true } });
    await kit.ready(keeper, [cabinet.cabinetId]);
    const { taskId, preorderId } = await kit.task(seller, cabinet, { maxCoefficient: 0 });
    const booker = await kit.booker(keeper, { log: logs.log });
    const monitor = await kit.monitor(booker, {
      portal: { budget: { burst: 1, intervalMs: 10_000, clientErrorCost: 1 }, minGapMs: 1_000, refreshMs: 1_000 },
    });
    try {
      // The portal session's first report is the calendar's starting point; then a free cell opens.
      await kit.firstRead("the first portal report");
      const day = dayAhead(3);
      kit.open(507, day, 1, 0);
      const booking = await kit.firstBooking(taskId);
      expect(booking).toMatchObject({ warehouse_id: 507, date: day });
      expect(await kit.ended(booking.id)).toMatchObject({ status: "confirmed" });
      expect(await kit.task_(taskId)).toMatchObject({ status: "booked" });
      expect(kit.sandbox.control.bookings().filter((b) => b.preorderId === preorderId)).toHaveLength(1);
      // The feed was never read successfully: every coefficient came from the portal report.
      const feedOk = kit.sandbox.control
        .requests(cabinet.supplierId)
        .filter((r) => r.path.endsWith("/acceptance/coefficients") && r.status === 200);
      expect(feedOk).toEqual([]);
    } finally {
      await monitor.stop();
      await booker.stop();
      kit.sandbox.control.setFaults({ feedOff: false });
    }
  }, 240_000);
});

describe("secrets", () => {
  it("no session material or token in logs, API answers, or the page a failure screenshot shows", async () => {
    const seller = await kit.seller({ token: true });
    const cabinet = seller.cabinets[0] ?? { cabinetId: 0, supplierId: 0 };
    await kit.ready(keeper, [cabinet.cabinetId]);
    const booker = await kit.booker(keeper, { log: logs.log });
    try {
      const { taskId } = await kit.task(seller, cabinet);
      const day = dayAhead(4);
      kit.open(507, day, 2, 0);
      kit.sandbox.control.setFaults({ challengeRefusalRate: 1 });
      const failed = await kit.handOff(taskId, { warehouseId: 507, date: day });
      expect(await kit.ended(failed?.id ?? 0)).toMatchObject({ status: "missed" });
      // What the screenshot drew: the page as it is right after the failure.
      // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText is the rendered text, what a screenshot shows
      const drawn = await keeper.use(cabinet.cabinetId, (portal) => portal.page.innerText("body"));
      kit.sandbox.control.setFaults({ challengeRefusalRate: 0 });
      const booked = await kit.handOff(taskId, { warehouseId: 507, date: day });
      expect(await kit.ended(booked?.id ?? 0)).toMatchObject({ status: "confirmed" });

      const context = pool.get(cabinet.cabinetId)?.context;
      const cookies = ((await context?.cookies()) ?? []).filter((c) => c.value.length >= 8).map((c) => c.value);
      const header = await keeper.use(cabinet.cabinetId, (portal) =>
        portal.page.evaluate(() => sessionStorage.getItem("wb-seller-lk") ?? ""),
      );
      const secrets = [...cookies, header, seller.wb.phone, seller.wb.cabinets[0]?.tokens.personal ?? ""].filter(
        (s) => s.length >= 8,
      );
      expect(secrets.length).toBeGreaterThanOrEqual(3);
      const answers = [
        await seller.as(`/api/tasks/${taskId}/bookings`),
        await seller.as(`/api/tasks/${taskId}/events`),
        await seller.as(`/api/tasks/${taskId}`),
      ].map((r) => JSON.stringify(r.body));
      const phoneDigits = seller.wb.phone.replace(/\D/g, "");
      for (const secret of secrets) {
        for (const line of logs.lines) expect(line).not.toContain(secret);
        for (const answer of answers) expect(answer).not.toContain(secret);
        expect(drawn).not.toContain(secret);
      }
      expect(drawn.replace(/\D/g, "")).not.toContain(phoneDigits);
      expect(logs.lines.some((l) => l.includes("booking ended"))).toBe(true);
    } finally {
      kit.sandbox.control.setFaults({ challengeRefusalRate: 0 });
      await booker.stop();
    }
  }, 180_000);
});
