import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { enqueueSlotAlerts } from "./notifications.ts";
import { pruneSlotDecisions } from "./slot-decisions.ts";
import { storeDecisions } from "./store-decisions.ts";
import { createTestDatabase, insertCabinet, type TestDatabase } from "./testing.ts";
import { upsertTelegramUser } from "./users.ts";

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase(inject("pgAdminUrl"));
});
afterAll(() => test.drop());

const decision = (
  task: { id: number; organizationId: number },
  opening: string,
  priority: number,
  action: "book" | "alert" = "book",
) => ({
  taskId: task.id,
  organizationId: task.organizationId,
  opening,
  action,
  warehouseId: 507,
  warehouseName: "Коледино",
  date: "2026-11-25",
  boxTypeId: 2,
  coefficient: 0,
  priority,
});

describe("storing a read's decisions", () => {
  it("books what a task takes, records the rest, alerts every member, each (task, opening) once", async () => {
    const { organization } = await upsertTelegramUser(test.db, { telegramId: 31, firstName: "D" }, { isAdmin: false });
    const cabinetId = await insertCabinet(test.db, organization.id);
    const kinds = [
      ["active", "preorder", "book"],
      ["active", "preorder", "book"],
      ["paused", "preorder", "book"],
      // A draft books through a preorder made ahead; without one its decision waits as a decision.
      ["active", "draft", "book"],
      ["active", "preorder", "alert"],
    ] as const;
    const rows = await test.db
      .insertInto("booking_tasks")
      .values(
        kinds.map(([status, supplyKind, mode], i) => ({
          organization_id: organization.id,
          cabinet_id: cabinetId,
          supply_kind: supplyKind,
          supply_id: `s${i}`,
          warehouse_ids: [507],
          box_type_id: 2,
          date_from: "2026-11-22",
          date_to: "2026-12-04",
          max_coefficient: 0,
          mode,
          status,
        })),
      )
      .returning("id")
      .execute();
    const [a, b, paused, draft, watcher] = rows.map((t) => ({ id: t.id, organizationId: organization.id })) as [
      { id: number; organizationId: number },
      { id: number; organizationId: number },
      { id: number; organizationId: number },
      { id: number; organizationId: number },
      { id: number; organizationId: number },
    ];
    const at = new Date("2026-11-21T08:00:00Z");
    const read = [
      decision(b, "507:2026-11-25:2@1", 0),
      decision(a, "507:2026-11-25:2@1", 1),
      decision(paused, "x", 2),
      decision(draft, "507:2026-11-25:2@1", 3),
      decision(watcher, "507:2026-11-25:2@1", 4, "alert"),
    ];

    const first = await storeDecisions(test.db, read, at);
    expect(first.map((d) => [d.index, d.organizationId, d.cabinetId, d.bookingId !== null, d.taskStatus])).toEqual([
      [0, organization.id, cabinetId, true, "booking"],
      [1, organization.id, cabinetId, true, "booking"],
      [3, organization.id, cabinetId, false, null],
      [4, organization.id, cabinetId, false, null],
    ]);
    // Booked in the order given; a booking is its decision's record, with no decision row beside it.
    expect(first[0]?.bookingId).toBeLessThan(first[1]?.bookingId ?? 0);
    expect(first.slice(0, 2).every((d) => d.decisionId === null)).toBe(true);
    const statuses = await test.db.selectFrom("booking_tasks").select(["id", "status"]).orderBy("id").execute();
    expect(statuses.map((t) => t.status)).toEqual(["booking", "booking", "paused", "active", "active"]);
    const decisions = await test.db.selectFrom("slot_decisions").select(["task_id", "action"]).orderBy("id").execute();
    expect(decisions).toEqual([
      { task_id: draft.id, action: "book" },
      { task_id: watcher.id, action: "alert" },
    ]);
    const alerts = await test.db.selectFrom("notifications").select(["chat_id", "payload"]).execute();
    expect(alerts).toEqual([
      {
        chat_id: 31,
        payload: {
          organizationId: organization.id,
          taskId: watcher.id,
          warehouseId: 507,
          warehouseName: "Коледино",
          date: "2026-11-25",
          boxTypeId: 2,
          coefficient: 0,
          opening: "507:2026-11-25:2@1",
        },
      },
    ]);

    // The same read again (a crash before the bookkeeping), with one new opening: only that one is
    // stored — and as a decision, its task's booking being in flight is no booking at all.
    const again = await storeDecisions(test.db, [...read, decision(watcher, "507:2026-11-25:2@9", 5, "alert")], at);
    expect(again.map((d) => d.index)).toEqual([5]);
    expect(await test.db.selectFrom("bookings").select("id").execute()).toHaveLength(2);
    expect(await test.db.selectFrom("slot_decisions").select("id").execute()).toHaveLength(3);
    expect(await test.db.selectFrom("notifications").select("id").execute()).toHaveLength(2);

    expect(await pruneSlotDecisions(test.db, "2026-11-25")).toBe(0);
    expect(await pruneSlotDecisions(test.db, "2026-11-26")).toBe(3);
  });

  it("queues one alert per member of each alert's organization, once", async () => {
    const anna = await upsertTelegramUser(test.db, { telegramId: 41, firstName: "Anna" }, { isAdmin: false });
    const partner = await test.db
      .insertInto("users")
      .values({ telegram_id: 42, first_name: "Partner" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await test.db
      .insertInto("memberships")
      .values({ organization_id: anna.organization.id, user_id: partner.id })
      .execute();
    const boris = await upsertTelegramUser(test.db, { telegramId: 43, firstName: "Boris" }, { isAdmin: false });
    const alert = (organizationId: number, taskId: number) => ({
      organizationId,
      taskId,
      warehouseId: 507,
      warehouseName: "Коледино",
      date: "2026-11-25",
      boxTypeId: 2,
      coefficient: 0,
      opening: "507:2026-11-25:2@1",
    });
    const alerts = [alert(anna.organization.id, 1), alert(boris.organization.id, 2), alert(anna.organization.id, 3)];
    expect(await enqueueSlotAlerts(test.db, alerts)).toBe(5);
    expect(await enqueueSlotAlerts(test.db, alerts)).toBe(0);
    const rows = await test.db
      .selectFrom("notifications")
      .select(["chat_id", "payload"])
      .where("chat_id", "in", [41, 42, 43])
      .orderBy("id")
      .execute();
    expect(rows.map((r) => [r.chat_id, (r.payload as { taskId: number }).taskId])).toEqual([
      [41, 1],
      [42, 1],
      [43, 2],
      [41, 3],
      [42, 3],
    ]);
  });
});
