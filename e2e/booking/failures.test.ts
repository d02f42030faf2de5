import { MESSAGE_KINDS, type SessionKeeper } from "@slotpilot/workers";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type BookingKit, bookingKit, dayAhead, eventually } from "./kit.ts";

let kit: BookingKit;
let keeper: SessionKeeper;
beforeAll(async () => {
  kit = await bookingKit(inject("pgAdminUrl"), { sandboxFaults: { competitorDelayMs: null } });
  ({ keeper } = await kit.keeper("failures-worker", { healthEveryMs: 60 * 60_000, reloginBaseMs: 100 }));
}, 120_000);
afterAll(() => kit?.close());

const say = (kind: string, payload: unknown, locale: "en" | "ru") =>
  MESSAGE_KINDS[kind]?.(payload, locale, "https://slotpilot.example")?.text ?? "";

/** The last live status the seller's chat shows, as the notifier words it. */
async function liveStatus(organizationId: number, locale: "en" | "ru") {
  const rows = await kit.outbox(organizationId, "task.status");
  return say("task.status", rows.at(-1)?.payload, locale);
}

async function oneSeller(lang: "en" | "ru" = "en") {
  const seller = await kit.seller({ lang });
  const cabinet = seller.cabinets[0] ?? { cabinetId: 0, supplierId: 0 };
  await kit.ready(keeper, [cabinet.cabinetId]);
  return { seller, cabinet };
}

describe("a booking that cannot be made", () => {
  it("a competitor took the cell first → missed, the task hunts on; the seller reads why in Russian", async () => {
    const { seller, cabinet } = await oneSeller("ru");
    const booker = await kit.booker(keeper);
    try {
      const { taskId, preorderId } = await kit.task(seller, cabinet);
      const day = dayAhead(2);
      kit.open(507, day, 1, 0);
      // Competitors take free cells at once; one takes this one before our booking runs.
      kit.sandbox.control.setFaults({ competitorDelayMs: 0 });
      await eventually(
        async () => kit.sandbox.control.cell(507, day, 2)?.bookable === false || undefined,
        10_000,
        "a competitor",
      );
      kit.sandbox.control.setFaults({ competitorDelayMs: null });
      const booking = await kit.handOff(taskId, { warehouseId: 507, date: day });
      const row = await kit.ended(booking?.id ?? 0);
      expect(row).toMatchObject({ status: "missed", reason: "booking.competitor_first" });
      expect(row.screenshot?.subarray(1, 4).toString()).toBe("PNG");
      expect(await kit.task_(taskId)).toMatchObject({ status: "active", status_reason: null });
      expect(kit.sandbox.control.bookings().filter((b) => b.preorderId === preorderId)).toEqual([]);
      expect(await liveStatus(seller.organizationId, "ru")).toContain("успел забронировать кто-то другой");
      // No new message rings for a miss: only the live status moves.
      expect(await kit.outbox(seller.organizationId, "booking.result")).toEqual([]);
      // The seller (not another organization) can open the screenshot; the API explains the reason.
      const list = await seller.as(`/api/tasks/${taskId}/bookings`);
      expect(list.body.bookings[0]).toMatchObject({ status: "missed", reason: "booking.competitor_first" });
      expect(list.body.bookings[0].reasonMessage).toContain("кто-то другой");
      const shot = await seller.as(list.body.bookings[0].screenshotUrl);
      expect(shot).toMatchObject({ status: 200, type: "image/png" });
      const stranger = await kit.seller();
      expect((await stranger.as(list.body.bookings[0].screenshotUrl)).status).toBe(404);
    } finally {
      await booker.stop();
    }
  }, 120_000);

  it("WB's challenge refused → missed with its reason; the task keeps hunting", async () => {
    const { seller, cabinet } = await oneSeller();
    const booker = await kit.booker(keeper);
    try {
      const { taskId } = await kit.task(seller, cabinet);
      const day = dayAhead(3);
      kit.open(507, day, 3, 0);
      kit.sandbox.control.setFaults({ challengeRefusalRate: 1 });
      const booking = await kit.handOff(taskId, { warehouseId: 507, date: day });
      const row = await kit.ended(booking?.id ?? 0);
      kit.sandbox.control.setFaults({ challengeRefusalRate: 0 });
      expect(row).toMatchObject({ status: "missed", reason: "booking.challenge_refused" });
      expect(await kit.task_(taskId)).toMatchObject({ status: "active" });
      expect(await liveStatus(seller.organizationId, "en")).toContain("anti-bot check refused");
    } finally {
      kit.sandbox.control.setFaults({ challengeRefusalRate: 0 });
      await booker.stop();
    }
  }, 120_000);

  it("WB answers 5xx → missed (wb_unavailable); the next opening books", async () => {
    const { seller, cabinet } = await oneSeller();
    const booker = await kit.booker(keeper);
    try {
      const { taskId, preorderId } = await kit.task(seller, cabinet);
      const day = dayAhead(4);
      kit.open(507, day, 3, 0);
      kit.sandbox.control.setFaults({ errorRate: 1 });
      const booking = await kit.handOff(taskId, { warehouseId: 507, date: day });
      const row = await kit.ended(booking?.id ?? 0);
      kit.sandbox.control.setFaults({ errorRate: 0 });
      expect(row).toMatchObject({ status: "missed", reason: "booking.wb_unavailable" });
      expect(await kit.task_(taskId)).toMatchObject({ status: "active" });
      expect(await liveStatus(seller.organizationId, "en")).toContain("WB did not answer");
      const again = await kit.handOff(taskId, { warehouseId: 507, date: day });
      expect(await kit.ended(again?.id ?? 0)).toMatchObject({ status: "confirmed" });
      expect(kit.sandbox.control.bookings().filter((b) => b.preorderId === preorderId)).toHaveLength(1);
    } finally {
      kit.sandbox.control.setFaults({ errorRate: 0 });
      await booker.stop();
    }
  }, 120_000);

  it("two of our tasks for the last place of a cell: one books, the other hunts on and books elsewhere", async () => {
    const a = await oneSeller();
    const b = await oneSeller();
    const booker = await kit.booker(keeper);
    try {
      const ta = await kit.task(a.seller, a.cabinet);
      const tb = await kit.task(b.seller, b.cabinet);
      const day = dayAhead(5);
      kit.open(507, day, 1, 0);
      const [ba, bb] = await Promise.all([
        kit.handOff(ta.taskId, { warehouseId: 507, date: day }),
        kit.handOff(tb.taskId, { warehouseId: 507, date: day }),
      ]);
      const ends = await Promise.all([kit.ended(ba?.id ?? 0), kit.ended(bb?.id ?? 0)]);
      expect(ends.map((e) => e.status).sort()).toEqual(["confirmed", "missed"]);
      expect(ends.find((e) => e.status === "missed")?.reason).toBe("booking.competitor_first");
      expect(
        kit.sandbox.control.bookings().filter((x) => x.date === `${day}T00:00:00Z` && x.warehouseId === 507),
      ).toHaveLength(1);
      const loser = ends[0]?.status === "missed" ? ta : tb;
      expect(await kit.task_(loser.taskId)).toMatchObject({ status: "active" });
      // It hunts on: the next cell that opens for it is booked.
      const later = dayAhead(6);
      kit.open(507, later, 1, 0);
      const next = await kit.handOff(loser.taskId, { warehouseId: 507, date: later });
      expect(await kit.ended(next?.id ?? 0)).toMatchObject({ status: "confirmed" });
      expect(await kit.task_(ta.taskId)).toMatchObject({ status: "booked" });
      expect(await kit.task_(tb.taskId)).toMatchObject({ status: "booked" });
    } finally {
      await booker.stop();
    }
  }, 120_000);

  it("the same booking delivered twice at once (fast path twice and the loop): one plan/add, one booking", async () => {
    const { seller, cabinet } = await oneSeller();
    const booker = await kit.booker(keeper);
    try {
      const { taskId, preorderId } = await kit.task(seller, cabinet);
      const day = dayAhead(7);
      kit.open(507, day, 5, 0);
      const booking = await kit.handOff(taskId, { warehouseId: 507, date: day });
      const offered = { bookingId: booking?.id ?? 0, cabinetId: cabinet.cabinetId };
      booker.offer([offered]);
      booker.offer([offered]);
      const row = await kit.ended(booking?.id ?? 0);
      expect(row).toMatchObject({ status: "confirmed", attempts: 1 });
      expect(kit.sandbox.control.requests(cabinet.supplierId).filter((r) => r.path.endsWith("/plan/add"))).toHaveLength(
        1,
      );
      expect(kit.sandbox.control.bookings().filter((b) => b.preorderId === preorderId)).toHaveLength(1);
    } finally {
      await booker.stop();
    }
  }, 120_000);

  it("a dry run goes up to the final confirmation and books nothing; a ruble cap leaves a dearer slot alone", async () => {
    const { seller, cabinet } = await oneSeller();
    const booker = await kit.booker(keeper, { strategy: "ui" });
    try {
      const dry = await kit.task(seller, cabinet, { dryRun: true });
      const day = dayAhead(8);
      kit.open(507, day, 2, 1);
      const booking = await kit.handOff(dry.taskId, { warehouseId: 507, date: day, coefficient: 1 });
      expect(await kit.ended(booking?.id ?? 0)).toMatchObject({ status: "dry_run", strategy: "ui" });
      expect(await kit.task_(dry.taskId)).toMatchObject({ status: "active" });
      expect(kit.sandbox.control.bookings().filter((b) => b.preorderId === dry.preorderId)).toEqual([]);
      const [result] = await kit.outbox(seller.organizationId, "booking.result");
      expect(say("booking.result", result?.payload, "en")).toMatch(
        /Dry run.*would have booked Коледино.*×1.*Nothing was booked/s,
      );

      const capped = await kit.task(seller, cabinet, { maxCostRub: 1 });
      const dear = await kit.handOff(capped.taskId, { warehouseId: 507, date: day, coefficient: 1 });
      expect(await kit.ended(dear?.id ?? 0)).toMatchObject({ status: "missed", reason: "booking.cost_over_cap" });
      // The seller reads by how much: the cell's cost and the task's cap.
      expect(await liveStatus(seller.organizationId, "en")).toMatch(
        /missed Коледино, .*×1\. The acceptance cost, \d[\d,.]* ₽, was over this task’s limit of 1 ₽\. Still looking\./,
      );
      expect(kit.sandbox.control.bookings().filter((b) => b.preorderId === capped.preorderId)).toEqual([]);
    } finally {
      await booker.stop();
    }
  }, 120_000);

  // Last: it ends every portal session in the sandbox.
  it("the portal session expired at booking time → missed; the session is given up and the task paused; told in Russian", async () => {
    const { seller, cabinet } = await oneSeller("ru");
    const booker = await kit.booker(keeper);
    try {
      const { taskId } = await kit.task(seller, cabinet);
      const day = dayAhead(9);
      kit.open(507, day, 2, 0);
      kit.sandbox.control.setFaults({ expireSessions: true });
      const booking = await kit.handOff(taskId, { warehouseId: 507, date: day });
      const row = await kit.ended(booking?.id ?? 0);
      expect(row).toMatchObject({ status: "missed", reason: "booking.session_lost" });
      expect(await liveStatus(seller.organizationId, "ru")).toContain("Сессия в кабинете продавца WB завершилась");
      // The keeper learns it from the booking: it cannot restore a session WB ended, gives it up and
      // pauses the cabinet's book tasks until the seller logs in again.
      const task = await eventually(
        async () => {
          const t = await kit.task_(taskId);
          return t.status === "paused" ? t : undefined;
        },
        60_000,
        "the task to be paused",
      );
      expect(task.status_reason).toBe("portal_session_lost");
      expect(kit.sandbox.control.logins(seller.wb.phone)).toBe(1);
    } finally {
      await booker.stop();
    }
  }, 120_000);
});
