import { type AppEvent, listenEvents } from "@slotpilot/db";
import { POW_PATHS } from "@slotpilot/sandbox";
import { MESSAGE_KINDS, type SessionKeeper } from "@slotpilot/workers";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type BookingKit, bookingKit, dayAhead, eventually } from "./kit.ts";

let kit: BookingKit;
let keeper: SessionKeeper;
beforeAll(async () => {
  kit = await bookingKit(inject("pgAdminUrl"), { sandboxFaults: { competitorDelayMs: null } });
  ({ keeper } = await kit.keeper("booking-worker", { healthEveryMs: 60 * 60_000 }));
}, 120_000);
afterAll(() => kit?.close());

/** The message the notifier would send for an outbox row, in a reader's language. */
const say = (kind: string, payload: unknown, locale: "en" | "ru") =>
  MESSAGE_KINDS[kind]?.(payload, locale, "https://slotpilot.example")?.text ?? "";

const planAdds = (supplierId: number) =>
  kit.sandbox.control.requests(supplierId).filter((r) => r.path.endsWith("/plan/add"));

describe("booking a matched slot on the cabinet's warm page", () => {
  it("by in-page JSON-RPC: booked once, read back as planned, the seller told in Russian, the event on SSE", async () => {
    const seller = await kit.seller({ lang: "ru", token: true });
    const cabinet = seller.cabinets[0] ?? { cabinetId: 0, supplierId: 0 };
    await kit.ready(keeper, [cabinet.cabinetId]);
    const events: AppEvent[] = [];
    const listener = await listenEvents(kit.api.url, (e) => events.push(e), undefined, { types: ["booking.updated"] });
    const booker = await kit.booker(keeper);
    try {
      const { taskId, preorderId } = await kit.task(seller, cabinet);
      const day = dayAhead(3);
      kit.open(507, day, 1, 2);
      const booking = await kit.handOff(taskId, { warehouseId: 507, date: day, coefficient: 2 });
      if (!booking) throw new Error("no booking written");
      expect((await kit.task_(taskId)).status).toBe("booking");

      const row = await kit.ended(booking.id);
      expect(row).toMatchObject({ status: "confirmed", strategy: "rpc", reason: null, attempts: 1 });
      expect(await kit.task_(taskId)).toMatchObject({ status: "booked" });
      // WB's side: exactly one booking of this preorder, planned on that day.
      expect(kit.sandbox.control.bookings().filter((b) => b.preorderId === preorderId)).toEqual([
        expect.objectContaining({ date: `${day}T00:00:00Z`, coefficient: 2, by: "seller" }),
      ]);
      expect(kit.sandbox.control.supplies(cabinet.supplierId).find((s) => s.preorderId === preorderId)).toMatchObject({
        statusId: 2,
      });
      expect(planAdds(cabinet.supplierId)).toHaveLength(1);

      // The seller's chat: the live status turns to booked, and a new message with the cost in rubles.
      const [result] = await kit.outbox(seller.organizationId, "booking.result");
      const text = say("booking.result", result?.payload, "ru");
      expect(text).toContain("Забронировано");
      expect(text).toContain("Коледино");
      expect(text).toContain("×2");
      expect(text).toMatch(/Стоимость приёмки: [\d\s,]+ ₽/);
      const statuses = (await kit.outbox(seller.organizationId, "task.status")).map(
        (r) => (r.payload as { phase: string }).phase,
      );
      expect(statuses).toEqual(["searching", "booking", "booked"]);
      await eventually(
        async () => events.some((e) => e.type === "booking.updated" && e.bookingId === booking.id) || undefined,
        10_000,
        "the SSE event",
      );
      expect(events.find((e) => e.type === "booking.updated" && e.bookingId === booking.id)).toMatchObject({
        organizationId: seller.organizationId,
        status: "confirmed",
        taskId,
      });
    } finally {
      await booker.stop();
      await listener.close();
    }
  }, 120_000);

  it("a hunting cabinet's page solves its challenge before the slot opens: the booking itself solves none", async () => {
    const seller = await kit.seller();
    const cabinet = seller.cabinets[0] ?? { cabinetId: 0, supplierId: 0 };
    await kit.ready(keeper, [cabinet.cabinetId]);
    // What the cabinet's page sends, in order: challenges asked for, plans, and when the slot opened.
    const sent: string[] = [];
    await keeper.use(cabinet.cabinetId, async (portal) => {
      portal.page.on("request", (r) => {
        if (r.url().includes(POW_PATHS.getTask)) sent.push("challenge");
        if (r.url().endsWith("/plan/add")) sent.push("plan");
      });
    });
    const booker = await kit.booker(keeper, { primeEveryMs: 200 });
    try {
      expect(sent).toEqual([]);
      const { taskId } = await kit.task(seller, cabinet);
      await eventually(async () => sent.includes("challenge") || undefined, 10_000, "the challenge solved ahead");
      const day = dayAhead(5);
      sent.push("slot opened");
      kit.open(507, day, 1, 0);
      const booking = await kit.handOff(taskId, { warehouseId: 507, date: day });
      expect(await kit.ended(booking?.id ?? 0)).toMatchObject({ status: "confirmed", attempts: 1 });
      const opened = sent.indexOf("slot opened");
      expect(sent.slice(opened + 1, sent.indexOf("plan", opened) + 1)).toEqual(["plan"]);
    } finally {
      await booker.stop();
    }
  }, 120_000);

  it("by clicking the UI (the fallback): the page waits on the supply's page while the task hunts; booked from there and read back through the portal (no token)", async () => {
    const seller = await kit.seller();
    const cabinet = seller.cabinets[0] ?? { cabinetId: 0, supplierId: 0 };
    await kit.ready(keeper, [cabinet.cabinetId]);
    // The pages the cabinet's page loads, and when the slot opened.
    const loaded: string[] = [];
    await keeper.use(cabinet.cabinetId, async (portal) => {
      portal.page.on("request", (r) => {
        if (r.isNavigationRequest() && r.frame() === portal.page.mainFrame()) loaded.push(new URL(r.url()).search);
      });
    });
    const booker = await kit.booker(keeper, { strategy: "ui", primeEveryMs: 200 });
    try {
      const { taskId, preorderId } = await kit.task(seller, cabinet);
      const supplyPage = `?preorderId=${preorderId}`;
      await eventually(async () => loaded.includes(supplyPage) || undefined, 10_000, "the supply's page open ahead");
      const day = dayAhead(4);
      loaded.push("slot opened");
      kit.open(507, day, 1, 0);
      const booking = await kit.handOff(taskId, { warehouseId: 507, date: day });
      const row = await kit.ended(booking?.id ?? 0);
      expect(row).toMatchObject({ status: "confirmed", strategy: "ui" });
      // Booked by clicking on the page that was already there: nothing loaded after the opening.
      expect(loaded.slice(loaded.indexOf("slot opened") + 1)).toEqual([]);
      expect(await kit.task_(taskId)).toMatchObject({ status: "booked" });
      expect(kit.sandbox.control.bookings().filter((b) => b.preorderId === preorderId)).toHaveLength(1);
      const [result] = await kit.outbox(seller.organizationId, "booking.result");
      expect(say("booking.result", result?.payload, "en")).toMatch(
        /Booked![\s\S]*Acceptance: free[\s\S]*Acceptance cost: 0 ₽/,
      );
    } finally {
      await booker.stop();
    }
  }, 120_000);
});
