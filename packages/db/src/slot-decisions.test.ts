import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { enqueueSlotAlerts } from "./notifications.ts";
import { pruneSlotDecisions, recordSlotDecisions } from "./slot-decisions.ts";
import { createTestDatabase, type TestDatabase } from "./testing.ts";
import { upsertTelegramUser } from "./users.ts";

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase(inject("pgAdminUrl"));
});
afterAll(() => test.drop());

const decision = (taskId: number, opening: string, priority: number) => ({
  taskId,
  opening,
  action: "book" as const,
  warehouseId: 507,
  date: "2026-11-25",
  boxTypeId: 2,
  coefficient: 0,
  priority,
});

describe("slot decisions", () => {
  it("stores each (task, opening) once, only for active tasks, in the order given, and prunes past days", async () => {
    const { organization } = await upsertTelegramUser(test.db, { telegramId: 31, firstName: "D" }, { isAdmin: false });
    const cabinet = await test.db
      .insertInto("cabinets")
      .values({
        organization_id: organization.id,
        name: "c",
        token_sealed: Buffer.from([0]),
        token_fingerprint: "c",
        token_type: "personal",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const tasks = await test.db
      .insertInto("booking_tasks")
      .values(
        ["active", "active", "paused"].map((status, i) => ({
          organization_id: organization.id,
          cabinet_id: cabinet.id,
          supply_kind: "preorder" as const,
          supply_id: `s${i}`,
          warehouse_ids: [507],
          box_type_id: 2,
          date_from: "2026-11-22",
          date_to: "2026-12-04",
          max_coefficient: 0,
          mode: "book" as const,
          status: status as "active" | "paused",
        })),
      )
      .returning("id")
      .execute();
    const [a, b, paused] = tasks.map((t) => t.id) as [number, number, number];
    const at = new Date("2026-11-21T08:00:00Z");

    const first = await recordSlotDecisions(
      test.db,
      [decision(b, "507:2026-11-25:2@1", 0), decision(a, "507:2026-11-25:2@1", 1), decision(paused, "x", 2)],
      at,
    );
    expect(first.map((d) => d && [d.organizationId, d.cabinetId])).toEqual([
      [organization.id, cabinet.id],
      [organization.id, cabinet.id],
      undefined,
    ]);
    expect(first[0]?.id).toBeLessThan(first[1]?.id ?? 0);

    // Again, with one new opening: only that one is written.
    const again = await recordSlotDecisions(
      test.db,
      [decision(b, "507:2026-11-25:2@1", 0), decision(a, "507:2026-11-25:2@9", 1)],
      at,
    );
    expect(again.map((d) => d !== undefined)).toEqual([false, true]);
    expect(await test.db.selectFrom("slot_decisions").select("id").execute()).toHaveLength(3);

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
    const rows = await test.db.selectFrom("notifications").select(["chat_id", "payload"]).orderBy("id").execute();
    expect(rows.map((r) => [r.chat_id, (r.payload as { taskId: number }).taskId])).toEqual([
      [41, 1],
      [42, 1],
      [43, 2],
      [41, 3],
      [42, 3],
    ]);
  });
});
