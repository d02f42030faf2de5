import { sql, type Updateable } from "kysely";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type AppEvent, listenEvents } from "../events.ts";
import type { BookingTasksTable } from "../schema.ts";
import { createTestDatabase, handOffBooking, type TestDatabase } from "../testing.ts";
import { upsertTelegramUser } from "../users.ts";
import { claimBookings } from "./claim-bookings.ts";
import { listDraftWork } from "./draft-preorders.ts";
import { expireStaleBookings, finishBooking, unclaimBooking } from "./end-booking.ts";
import { huntingCabinets } from "./hunting-cabinets.ts";

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase(inject("pgAdminUrl"));
});
afterAll(() => test.drop());

let seq = 0;
async function world(tasks = 1) {
  seq += 1;
  const { organization } = await upsertTelegramUser(
    test.db,
    { telegramId: 5000 + seq, firstName: "B" },
    { isAdmin: false },
  );
  const cabinet = await test.db
    .insertInto("cabinets")
    .values({ organization_id: organization.id, name: `c${seq}` })
    .returning("id")
    .executeTakeFirstOrThrow();
  const rows = await test.db
    .insertInto("booking_tasks")
    .values(
      Array.from({ length: tasks }, (_, i) => ({
        organization_id: organization.id,
        cabinet_id: cabinet.id,
        supply_kind: "preorder" as const,
        supply_id: `${seq}0${i}`,
        warehouse_ids: [507],
        box_type_id: 2,
        date_from: "2026-11-22",
        date_to: "2026-12-04",
        max_coefficient: 0,
        mode: "book" as const,
      })),
    )
    .returning("id")
    .execute();
  return { organizationId: organization.id, cabinetId: cabinet.id, taskIds: rows.map((r) => r.id) };
}

/** The monitor's hand-off of a book decision, as `storeRead` stores it: its booking, if any. */
async function decide(taskId: number, opening: string) {
  const booking = await handOffBooking(test.db, {
    taskId,
    opening,
    warehouseId: 507,
    date: "2026-11-25",
    boxTypeId: 2,
    coefficient: 0,
  });
  return booking ? [booking] : [];
}

const lease = (cabinetId: number, workerId: string, epoch = 1) =>
  sql`insert into portal_leases (cabinet_id, worker_id, epoch, lease_until) values (${cabinetId}, ${workerId}, ${epoch}, now() + interval '1 minute')
      on conflict (cabinet_id) do update set worker_id = excluded.worker_id, epoch = excluded.epoch, lease_until = excluded.lease_until`.execute(
    test.db,
  );
const taskStatus = async (id: number) =>
  await test.db
    .selectFrom("booking_tasks")
    .where("id", "=", id)
    .select(["status", "status_reason"])
    .executeTakeFirstOrThrow();

describe("the hand-off from the monitor to the booker", () => {
  it("a book decision becomes one booking, its task `booking`; no second decision while it is in flight", async () => {
    const w = await world();
    const task = w.taskIds[0] as number;
    const [booking] = await decide(task, "507:2026-11-25:2@a");
    expect(booking).toMatchObject({ taskId: task, cabinetId: w.cabinetId });
    expect(await taskStatus(task)).toMatchObject({ status: "booking" });
    // The same read repeated after a crash, and another opening while the booking is in flight: nothing.
    expect(await decide(task, "507:2026-11-25:2@a")).toEqual([]);
    expect(await decide(task, "507:2026-11-26:2@b")).toEqual([]);
    expect(await test.db.selectFrom("bookings").where("task_id", "=", task).selectAll().execute()).toHaveLength(1);
  });

  it("is claimed only by the worker holding the cabinet's lease, by one of two racing claims, with its intent written", async () => {
    const w = await world();
    const task = w.taskIds[0] as number;
    const [booking] = await decide(task, "o1");
    expect(await claimBookings(test.db, { workerId: "w1", cabinetIds: [w.cabinetId], limit: 5 })).toEqual([]);
    await lease(w.cabinetId, "w1");
    const [a, b] = await Promise.all([
      claimBookings(test.db, { workerId: "w1", cabinetIds: [w.cabinetId], limit: 5 }),
      claimBookings(test.db, { workerId: "w1", cabinetIds: [w.cabinetId], limit: 5, ids: [booking?.id ?? 0] }),
    ]);
    const claimed = [...(a ?? []), ...(b ?? [])];
    expect(claimed).toHaveLength(1);
    expect(claimed[0]).toMatchObject({ id: booking?.id, recovering: false, attempts: 1, leaseEpoch: 1 });
    const row = await test.db
      .selectFrom("bookings")
      .where("id", "=", booking?.id ?? 0)
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: "attempting", worker_id: "w1" });
    expect(row.intent_at).toBeInstanceOf(Date);
  });

  it("a takeover re-claims a booking in flight as recovering; the old claim's late write changes nothing", async () => {
    const w = await world();
    const task = w.taskIds[0] as number;
    await decide(task, "o1");
    await lease(w.cabinetId, "dead");
    const [first] = await claimBookings(test.db, { workerId: "dead", cabinetIds: [w.cabinetId], limit: 1 });
    if (!first) throw new Error("not claimed");
    // Its worker dies; another takes the cabinet over (the lease's epoch grows).
    await lease(w.cabinetId, "alive", 2);
    const [again] = await claimBookings(test.db, { workerId: "alive", cabinetIds: [w.cabinetId], limit: 1 });
    expect(again).toMatchObject({ id: first.id, recovering: true, attempts: 2, leaseEpoch: 2 });
    expect(await finishBooking(test.db, first, { kind: "missed", reason: "booking.slot_gone" })).toBe(false);
    expect(await taskStatus(task)).toMatchObject({ status: "booking" });
    if (!again) throw new Error("not claimed");
    expect(await finishBooking(test.db, again, { kind: "confirmed", supplyId: 77, acceptanceCost: 0 })).toBe(true);
    expect(await taskStatus(task)).toMatchObject({ status: "booked" });
    const kinds = await test.db
      .selectFrom("notifications")
      .where("organization_id", "=", w.organizationId)
      .select(["kind", "payload"])
      .orderBy("id")
      .execute();
    // Its live status went "booking…" (once, though claimed twice) then "booked"; one new message.
    expect(
      kinds.map((k) => `${k.kind}${k.kind === "task.status" ? ` ${(k.payload as { phase: string }).phase}` : ""}`),
    ).toEqual(["task.status booking", "task.status booked", "booking.result"]);
  });

  it("a booking in flight when its worker's lease was released and taken anew (the epoch starting over) is re-claimed, recovering", async () => {
    const w = await world();
    const task = w.taskIds[0] as number;
    await decide(task, "o1");
    // Claimed under a takeover's epoch 3; then the product was stopped: the lease row went with it.
    await lease(w.cabinetId, "killed", 3);
    const [first] = await claimBookings(test.db, { workerId: "killed", cabinetIds: [w.cabinetId], limit: 1 });
    if (!first) throw new Error("not claimed");
    await test.db.deleteFrom("portal_leases").where("cabinet_id", "=", w.cabinetId).execute();
    // The next start takes the cabinet afresh: epoch 1, below the booking's.
    await lease(w.cabinetId, "next", 1);
    const [again] = await claimBookings(test.db, { workerId: "next", cabinetIds: [w.cabinetId], limit: 1 });
    expect(again).toMatchObject({ id: first.id, recovering: true, attempts: 2, leaseEpoch: 1 });
    expect(await finishBooking(test.db, first, { kind: "missed", reason: "booking.slot_gone" })).toBe(false);
  });

  it("a missed booking sends its task hunting again; a permanent failure ends it; an unclaimed one keeps its intent", async () => {
    const w = await world(2);
    const [t1, t2] = w.taskIds as [number, number];
    await lease(w.cabinetId, "w");
    await decide(t1, "x");
    await decide(t2, "y");
    const claimed = await claimBookings(test.db, { workerId: "w", cabinetIds: [w.cabinetId], limit: 5 });
    expect(claimed).toHaveLength(2);
    const [c1, c2] = claimed as [(typeof claimed)[0], (typeof claimed)[0]];
    const b1 = c1.taskId === t1 ? c1 : c2;
    const b2 = c1.taskId === t1 ? c2 : c1;
    await finishBooking(test.db, b1, { kind: "missed", reason: "booking.competitor_first" });
    expect(await taskStatus(t1)).toEqual({ status: "active", status_reason: null });
    await unclaimBooking(test.db, b2);
    const [back] = await claimBookings(test.db, { workerId: "w", cabinetIds: [w.cabinetId], limit: 5 });
    expect(back).toMatchObject({ id: b2.id, recovering: true });
    if (!back) throw new Error("not claimed");
    await finishBooking(test.db, back, { kind: "failed", reason: "booking.supply_gone", taskReason: "supply_gone" });
    expect(await taskStatus(t2)).toEqual({ status: "failed", status_reason: "supply_gone" });
    // The task hunts again: a new opening is a new booking.
    expect(await decide(t1, "z")).toHaveLength(1);
  });

  it("a booking's end names the task's revision: a miss keeps it, a confirmed booking's planned cell and a seller's edit bump it", async () => {
    const w = await world(2);
    const [missed, booked] = w.taskIds as [number, number];
    const revisionOf = async (id: number) =>
      (await test.db.selectFrom("booking_tasks").where("id", "=", id).select("revision").executeTakeFirstOrThrow())
        .revision;
    const seen: AppEvent[] = [];
    const listener = await listenEvents(test.url, (e) => seen.push(e), undefined, { types: ["task.updated"] });
    try {
      await lease(w.cabinetId, "w");
      await decide(missed, "m");
      await decide(booked, "b");
      const claimed = await claimBookings(test.db, { workerId: "w", cabinetIds: [w.cabinetId], limit: 5 });
      const bookingOf = (task: number) => {
        const found = claimed.find((c) => c.taskId === task);
        if (!found) throw new Error("not claimed");
        return found;
      };
      await finishBooking(test.db, bookingOf(missed), { kind: "missed", reason: "booking.competitor_first" });
      await finishBooking(test.db, bookingOf(booked), { kind: "confirmed", supplyId: 78, acceptanceCost: 0 });
      const ended = async (task: number) => {
        const end = Date.now() + 5_000;
        for (;;) {
          const event = seen.find((e) => e.type === "task.updated" && e.taskId === task && e.status !== "booking");
          if (event || Date.now() > end) return event;
          await new Promise((r) => setTimeout(r, 20));
        }
      };
      // The status went there and back, nothing matching reads changed.
      expect(await ended(missed)).toMatchObject({ status: "active", revision: 0 });
      expect(await revisionOf(missed)).toBe(0);
      // The planned cell is what a re-plan matches against: a new revision.
      expect(await ended(booked)).toMatchObject({ status: "booked", revision: 1 });
      expect(await revisionOf(booked)).toBe(1);
      await test.db.updateTable("booking_tasks").set({ max_coefficient: 2 }).where("id", "=", missed).execute();
      expect(await revisionOf(missed)).toBe(1);
      await test.db.updateTable("booking_tasks").set({ status: "paused" }).where("id", "=", missed).execute();
      expect(await revisionOf(missed)).toBe(1);
    } finally {
      await listener.close();
    }
  });

  it("a deleted task takes its bookings along, whether deleted itself or with its cabinet", async () => {
    const w = await world(3);
    const [gone, kept, withCabinet] = w.taskIds as [number, number, number];
    for (const task of w.taskIds) await decide(task, `o${task}`);
    const bookingsOf = async (ids: number[]) =>
      (await test.db.selectFrom("bookings").select("task_id").where("task_id", "in", ids).execute()).length;
    expect(await bookingsOf(w.taskIds)).toBe(3);
    await test.db.deleteFrom("booking_tasks").where("id", "=", gone).execute();
    expect(await bookingsOf([gone])).toBe(0);
    expect(await bookingsOf([kept, withCabinet])).toBe(2);
    await test.db.deleteFrom("cabinets").where("id", "=", w.cabinetId).execute();
    expect(await bookingsOf(w.taskIds)).toBe(0);
  });

  it("a booking no worker could start in time is missed; its task hunts on", async () => {
    const w = await world();
    const task = w.taskIds[0] as number;
    const [booking] = await decide(task, "stale");
    await sql`update bookings set created_at = now() - interval '5 minutes' where id = ${booking?.id}`.execute(test.db);
    expect(await expireStaleBookings(test.db, 60_000)).toBeGreaterThanOrEqual(1);
    expect(await taskStatus(task)).toMatchObject({ status: "active" });
    const row = await test.db
      .selectFrom("bookings")
      .where("id", "=", booking?.id ?? 0)
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: "missed", reason: "booking.stale" });
  });
});

describe("hunting cabinets (whose pages are got ready ahead of a booking)", () => {
  /** A preorder task's preorder: its `supply_id`. */
  const preorderOf = async (taskId: number | undefined) =>
    Number(
      (
        await test.db
          .selectFrom("booking_tasks")
          .select("supply_id")
          .where("id", "=", taskId ?? 0)
          .executeTakeFirstOrThrow()
      ).supply_id,
    );

  it("are those with a live book task that is not a dry run; alerts, dry runs, paused and ended tasks do not count", async () => {
    const hunting = await world(1);
    const watching = await world(1);
    const change = (ids: number[] | undefined, values: Updateable<BookingTasksTable>) =>
      test.db
        .updateTable("booking_tasks")
        .set(values)
        .where("id", "in", ids ?? [])
        .execute();
    await change(watching.taskIds, { status: "watching", replan: true });
    const others = await Promise.all([world(1), world(1), world(1), world(1)]);
    const [alert, dryRun, paused, booked] = others.map((w) => w.taskIds);
    await change(alert, { mode: "alert" });
    await change(dryRun, { dry_run: true });
    await change(paused, { status: "paused" });
    await change(booked, { status: "booked" });
    const all = [hunting, watching, ...others].map((w) => w.cabinetId);
    expect((await huntingCabinets(test.db, all)).sort((a, b) => a.cabinetId - b.cabinetId)).toEqual([
      // A hunting task's preorder is where a booking by clicks would go; a watching one has none.
      { cabinetId: hunting.cabinetId, preorderId: await preorderOf(hunting.taskIds[0]) },
      { cabinetId: watching.cabinetId, preorderId: null },
    ]);
    // Only among the cabinets asked about (this worker's).
    expect(await huntingCabinets(test.db, [watching.cabinetId])).toEqual([
      { cabinetId: watching.cabinetId, preorderId: null },
    ]);
    expect(await huntingCabinets(test.db, [])).toEqual([]);
  });

  it("name the oldest hunting task's preorder; a draft's is the one made ahead at its best-ranked warehouse", async () => {
    const preorders = await world(2);
    const [, newer] = preorders.taskIds;
    // Made a minute before the other (created_at is the database's to set).
    await sql`update booking_tasks set created_at = now() - interval '1 minute' where id = ${newer ?? 0}`.execute(
      test.db,
    );
    expect(await huntingCabinets(test.db, [preorders.cabinetId])).toEqual([
      { cabinetId: preorders.cabinetId, preorderId: await preorderOf(newer) },
    ]);

    const draft = await world(1);
    const [taskId] = draft.taskIds;
    await test.db
      .updateTable("booking_tasks")
      .set({ supply_kind: "draft", supply_id: "draft-1", warehouse_ids: [117986, 507, 1733] })
      .where("id", "=", taskId ?? 0)
      .execute();
    const made = (warehouseId: number, preorderId: number | null, status: "creating" | "ready") => ({
      task_id: taskId ?? 0,
      cabinet_id: draft.cabinetId,
      draft_id: "draft-1",
      warehouse_id: warehouseId,
      preorder_id: preorderId,
      status,
    });
    await test.db
      .insertInto("booking_preorders")
      .values([made(117986, null, "creating"), made(1733, 9003, "ready"), made(507, 9002, "ready")])
      .execute();
    // 117986 ranks first but its preorder is not made yet: 507 is the best-ranked one ready.
    expect(await huntingCabinets(test.db, [draft.cabinetId])).toEqual([
      { cabinetId: draft.cabinetId, preorderId: 9002 },
    ]);
  });
});

describe("draft work (preorders to make ahead, to remove after)", () => {
  it("lists what the worker's cabinets need, leaving out what the worker holds back", async () => {
    const { organizationId, cabinetId } = await world(1);
    await test.db
      .insertInto("portal_leases")
      .values({ cabinet_id: cabinetId, worker_id: "w1", lease_until: new Date(Date.now() + 60_000) })
      .execute();
    const task = await test.db
      .insertInto("booking_tasks")
      .values({
        organization_id: organizationId,
        cabinet_id: cabinetId,
        supply_kind: "draft",
        supply_id: "draft-1",
        warehouse_ids: [507, 117986, 120762],
        box_type_id: 2,
        date_from: "2026-11-22",
        date_to: "2026-12-04",
        max_coefficient: 0,
        mode: "book",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const removing = await test.db
      .insertInto("booking_preorders")
      .values(
        [507, 117986].map((w) => ({
          task_id: task.id,
          cabinet_id: cabinetId,
          draft_id: "draft-1",
          warehouse_id: w,
          status: "removing",
        })),
      )
      .returning("id")
      .execute();
    // The two `removing` rows are this task's too: only the third warehouse still needs a preorder.
    const all = await listDraftWork(test.db, { workerId: "w1", cabinetIds: [cabinetId] });
    expect(all.create.map((c) => c.warehouseId)).toEqual([120762]);
    expect(all.remove.map((r) => r.id)).toEqual(removing.map((r) => r.id));

    const held = await listDraftWork(test.db, {
      workerId: "w1",
      cabinetIds: [cabinetId],
      skip: { create: [{ taskId: task.id, warehouseId: 120762 }], remove: [removing[0]?.id ?? 0] },
    });
    expect(held.create).toEqual([]);
    expect(held.remove.map((r) => r.id)).toEqual([removing[1]?.id]);
    // Another worker's view: nothing (it holds no lease on the cabinet).
    expect(await listDraftWork(test.db, { workerId: "w2", cabinetIds: [cabinetId] })).toEqual({
      create: [],
      remove: [],
    });
  });
});
