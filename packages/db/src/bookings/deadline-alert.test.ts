import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { seedSalesAccount } from "../sales/seed-account.ts";
import { createTestDatabase, handOffBooking, type TestDatabase } from "../testing.ts";
import { claimBookings } from "./claim-bookings.ts";
import { expireStaleBookings, finishBooking } from "./end-booking.ts";
import { twoMemberSeller } from "./two-member-seller.ts";

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase(inject("pgAdminUrl"));
  // A healthy user account, so an opted-in seller can be rung.
  await seedSalesAccount(test.db, randomBytes(32), { phone: "+79990000077", session: "s" });
});
afterAll(() => test.drop());

const HOUR = 3_600_000;
const moscowDay = (ms: number) => new Date(ms + 3 * HOUR).toISOString().slice(0, 10);
let seq = 0;

/**
 * An organization with two members — the owner opted in to calls (with a username), a colleague
 * not — a cabinet, and a book task whose last moment is `endsInMs` from now (its deadline).
 */
async function world(endsInMs: number) {
  seq += 1;
  const people = await twoMemberSeller(test.db, {
    telegramId: 8100 + seq * 2,
    username: `owner${seq}`,
    cabinetName: `c${seq}`,
  });
  const { organizationId } = people;
  const cabinet = { id: people.cabinetId };
  const task = await test.db
    .insertInto("booking_tasks")
    .values({
      organization_id: organizationId,
      cabinet_id: cabinet.id,
      supply_kind: "preorder",
      supply_id: `9${seq}`,
      warehouse_ids: [507],
      box_type_id: 2,
      date_from: moscowDay(Date.now()),
      date_to: moscowDay(Date.now() + 20 * 86_400_000),
      deadline: new Date(Date.now() + endsInMs),
      max_coefficient: 0,
      mode: "book",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { ...people, taskId: task.id };
}

async function booking(w: Awaited<ReturnType<typeof world>>, opening: string) {
  const d = {
    taskId: w.taskId,
    opening,
    warehouseId: 507,
    date: moscowDay(Date.now() + 86_400_000),
    boxTypeId: 2,
    coefficient: 0,
    priority: 0,
  };
  await handOffBooking(test.db, d);
  await sql`insert into portal_leases (cabinet_id, worker_id, epoch, lease_until) values (${w.cabinetId}, 'w', 1, now() + interval '1 minute')
            on conflict (cabinet_id) do nothing`.execute(test.db);
  const [claimed] = await claimBookings(test.db, { workerId: "w", cabinetIds: [w.cabinetId], limit: 1 });
  if (!claimed) throw new Error("not claimed");
  return claimed;
}

/** What each member was alerted with: a queued call (opted in) or the message alone. */
async function alerts(w: Awaited<ReturnType<typeof world>>) {
  const calls = await test.db
    .selectFrom("urgent_calls")
    .where("user_id", "in", [w.owner.userId, w.colleague.userId])
    .select(["user_id", "kind", "payload"])
    .execute();
  const messages = await test.db
    .selectFrom("notifications")
    .where("chat_id", "in", [w.owner.chatId, w.colleague.chatId])
    .where("kind", "=", "urgent.alert")
    .select(["chat_id", "payload"])
    .execute();
  return {
    calls: calls.map((c) => ({ userId: c.user_id, kind: c.kind, params: c.payload })),
    messages: messages.map((m) => ({ chatId: m.chat_id, payload: m.payload })),
  };
}

describe("a booking that fails near the task's end rings the seller", () => {
  it("missed with 3 hours left: the opted-in owner is called, the colleague gets the message — once per booking", async () => {
    const w = await world(3 * HOUR);
    const b = await booking(w, "a");
    expect(await finishBooking(test.db, b, { kind: "missed", reason: "booking.competitor_first" })).toBe(true);
    const expected = {
      calls: [{ userId: w.owner.userId, kind: "booking_failed", params: { taskId: w.taskId } }],
      messages: [{ chatId: w.colleague.chatId, payload: { kind: "booking_failed", params: { taskId: w.taskId } } }],
    };
    expect(await alerts(w)).toEqual(expected);
    // The same end written again (a superseded claim) changes nothing and rings nobody again.
    expect(await finishBooking(test.db, b, { kind: "missed", reason: "booking.competitor_first" })).toBe(false);
    expect(await alerts(w)).toEqual(expected);
  });

  it("a second failed booking of the same task rings again (a new booking, a new alert)", async () => {
    const w = await world(3 * HOUR);
    await finishBooking(test.db, await booking(w, "a"), { kind: "missed", reason: "booking.slot_gone" });
    await finishBooking(test.db, await booking(w, "b"), {
      kind: "failed",
      reason: "booking.supply_gone",
      taskReason: "supply_gone",
    });
    const { calls, messages } = await alerts(w);
    expect(calls.map((c) => c.userId)).toEqual([w.owner.userId, w.owner.userId]);
    expect(messages.map((m) => m.chatId)).toEqual([w.colleague.chatId, w.colleague.chatId]);
  });

  it("a booking nobody could start in time, near the end, rings too", async () => {
    const w = await world(3 * HOUR);
    const d = { taskId: w.taskId, opening: "stale", warehouseId: 507, date: moscowDay(Date.now()), boxTypeId: 2 };
    await handOffBooking(test.db, { ...d, coefficient: 0 });
    await sql`update bookings set created_at = now() - interval '5 minutes' where task_id = ${w.taskId}`.execute(
      test.db,
    );
    await expireStaleBookings(test.db, 60_000);
    expect((await alerts(w)).calls).toEqual([
      { userId: w.owner.userId, kind: "booking_failed", params: { taskId: w.taskId } },
    ]);
  });

  it("far from the end (two days left), or booked near it: no alert", async () => {
    const far = await world(48 * HOUR);
    await finishBooking(test.db, await booking(far, "a"), { kind: "missed", reason: "booking.competitor_first" });
    expect(await alerts(far)).toEqual({ calls: [], messages: [] });
    const near = await world(2 * HOUR);
    await finishBooking(test.db, await booking(near, "a"), { kind: "confirmed", supplyId: 1, acceptanceCost: 0 });
    expect(await alerts(near)).toEqual({ calls: [], messages: [] });
  });
});
