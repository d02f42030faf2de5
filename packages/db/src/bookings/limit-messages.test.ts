import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { seedSalesAccount } from "../sales/seed-account.ts";
import { createTestDatabase, handOffBooking, type TestDatabase } from "../testing.ts";
import { allowanceLedger } from "./allowance-ledger.ts";
import { claimBookings } from "./claim-bookings.ts";
import { finishBooking } from "./end-booking.ts";
import { twoMemberSeller } from "./two-member-seller.ts";

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase(inject("pgAdminUrl"));
  // A healthy user account, so an opted-in seller can be rung.
  await seedSalesAccount(test.db, randomBytes(32), { phone: "+79990000078", session: "s" });
});
afterAll(() => test.drop());

const DAY = 86_400_000;
const moscowDay = (ms: number) => new Date(ms + 3 * 3_600_000).toISOString().slice(0, 10);
let seq = 0;

/**
 * A seller on the trial (3 bookings) — the owner opted in to calls, a colleague not — with a cabinet
 * whose portal lease worker "w" holds, and `tasks` book tasks.
 */
async function seller(tasks: number) {
  seq += 1;
  const people = await twoMemberSeller(test.db, {
    telegramId: 9100 + seq * 2,
    username: `limit${seq}`,
    cabinetName: `c${seq}`,
  });
  const { organizationId } = people;
  const cabinet = { id: people.cabinetId };
  await sql`insert into portal_leases (cabinet_id, worker_id, epoch, lease_until)
            values (${cabinet.id}, 'w', 1, now() + interval '1 minute')`.execute(test.db);
  const taskIds: number[] = [];
  for (let i = 0; i < tasks; i++) {
    const task = await test.db
      .insertInto("booking_tasks")
      .values({
        organization_id: organizationId,
        cabinet_id: cabinet.id,
        supply_kind: "preorder",
        supply_id: `8${seq}${i}`,
        warehouse_ids: [507],
        box_type_id: 2,
        date_from: moscowDay(Date.now()),
        date_to: moscowDay(Date.now() + 10 * DAY),
        max_coefficient: 0,
        mode: "book",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    taskIds.push(task.id);
  }
  return { ...people, taskIds };
}

/** The monitor hands a book decision for `taskId` to the booker, which claims it with the allowance ledger. */
async function claim(w: Awaited<ReturnType<typeof seller>>, taskId: number) {
  const d = {
    taskId,
    opening: `o${taskId}`,
    warehouseId: 507,
    date: moscowDay(Date.now() + 2 * DAY),
    boxTypeId: 2,
    coefficient: 0,
    priority: 0,
  };
  await handOffBooking(test.db, d);
  return claimBookings(test.db, { workerId: "w", cabinetIds: [w.cabinetId], limit: 1 }, allowanceLedger);
}

/** What a member's chat got, in the order the notifier sends it. */
async function chat(member: { chatId: number }) {
  const rows = await test.db
    .selectFrom("notifications")
    .where("chat_id", "=", member.chatId)
    .orderBy("created_at")
    .orderBy("id")
    .select(["kind", "payload"])
    .execute();
  return rows.map((r) => {
    const p = r.payload as Record<string, unknown>;
    return `${r.kind} ${String(p.phase ?? p.outcome ?? p.notice ?? p.kind ?? "")} ${String(p.taskId ?? "")}`.trim();
  });
}

describe("the plan's limit, as the seller's chat gets it", () => {
  it("the booking that reaches 80% of the plan: its warning comes after the “booked” it is about", async () => {
    const w = await seller(3);
    for (const taskId of w.taskIds) {
      const [b] = await claim(w, taskId);
      if (!b) throw new Error("not claimed");
      await finishBooking(test.db, b, { kind: "confirmed", supplyId: taskId, acceptanceCost: 0 }, allowanceLedger);
    }
    const [, , third] = w.taskIds;
    // The warning goes to the owner.
    expect((await chat(w.owner)).slice(-4)).toEqual([
      `task.status booking ${third}`,
      `task.status booked ${third}`,
      `booking.result booked ${third}`,
      "billing.notice usage_warning",
    ]);
  });

  it("a booking refused at the limit: one message (paused, with the slot), the live status paused, never “booking…”; the alert only rings", async () => {
    const w = await seller(4);
    for (const taskId of w.taskIds.slice(0, 3)) {
      const [b] = await claim(w, taskId);
      if (!b) throw new Error("not claimed");
      await finishBooking(test.db, b, { kind: "confirmed", supplyId: taskId, acceptanceCost: 0 }, allowanceLedger);
    }
    const before = (await chat(w.colleague)).length;
    const fourth = w.taskIds[3] ?? 0;
    expect(await claim(w, fourth)).toEqual([]);

    const task = await test.db
      .selectFrom("booking_tasks")
      .where("id", "=", fourth)
      .select(["status", "status_reason"])
      .executeTakeFirstOrThrow();
    expect(task).toEqual({ status: "paused", status_reason: "plan_limit" });
    expect((await chat(w.colleague)).slice(before)).toEqual([
      `task.status paused ${fourth}`,
      `booking.result paused ${fourth}`,
    ]);
    // The owner opted in: the call rings with no message of its own after it (the pause said it all).
    const calls = await test.db
      .selectFrom("urgent_calls")
      .where("user_id", "in", [w.owner.userId, w.colleague.userId])
      .select(["user_id", "kind", "follow_up"])
      .execute();
    expect(calls).toEqual([{ user_id: w.owner.userId, kind: "plan_limit", follow_up: false }]);
    const urgent = await test.db
      .selectFrom("notifications")
      .where("chat_id", "in", [w.owner.chatId, w.colleague.chatId])
      .where("kind", "=", "urgent.alert")
      .select("id")
      .execute();
    expect(urgent).toEqual([]);
  });

  it("a dry run in flight holds back no booking: the last one left goes to a real task, and the dry run still runs", async () => {
    const w = await seller(4);
    for (const taskId of w.taskIds.slice(0, 2)) {
      const [b] = await claim(w, taskId);
      if (!b) throw new Error("not claimed");
      await finishBooking(test.db, b, { kind: "confirmed", supplyId: taskId, acceptanceCost: 0 }, allowanceLedger);
    }
    // One booking left on the trial. A dry run is claimed first, and is still running…
    const [dry, real] = w.taskIds.slice(2) as [number, number];
    await test.db.updateTable("booking_tasks").set({ dry_run: true }).where("id", "=", dry).execute();
    const [dryRun] = await claim(w, dry);
    expect(dryRun?.task.dryRun).toBe(true);
    // …when a real task's booking is claimed: it gets the booking left, and is charged for it.
    const [booking] = await claim(w, real);
    expect(booking?.taskId).toBe(real);
    if (!booking || !dryRun) throw new Error("not claimed");
    await finishBooking(test.db, booking, { kind: "confirmed", supplyId: real, acceptanceCost: 0 }, allowanceLedger);
    await finishBooking(test.db, dryRun, { kind: "dry_run" }, allowanceLedger);
    const tasks = await test.db
      .selectFrom("booking_tasks")
      .where("id", "in", [dry, real])
      .orderBy("id")
      .select(["id", "status", "status_reason"])
      .execute();
    expect(tasks).toEqual([
      { id: dry, status: "active", status_reason: null },
      { id: real, status: "booked", status_reason: null },
    ]);
  });
});
