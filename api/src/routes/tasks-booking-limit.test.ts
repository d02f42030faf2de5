import { changePlan, reserveBooking } from "@slotpilot/db";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { json } from "../testing.ts";
import { sellerTestKit } from "./seller-test-kit.ts";

let kit: Awaited<ReturnType<typeof sellerTestKit>>;
let seller: ReturnType<typeof kit.as>;
let cabinetId: number;
let org: number;

beforeAll(async () => {
  kit = await sellerTestKit(inject("pgAdminUrl"));
  seller = kit.as(2301);
  ({ cabinetId, organizationId: org } = await kit.connectCabinet(2301));
});
afterAll(() => kit.close());

/** A task written directly (the WB sandbox is not asked), paused as the booker leaves it at the limit. */
async function pausedTask(draftId: string, over: { mode?: "book" | "alert"; dry_run?: boolean } = {}) {
  const row = await kit.api.db
    .insertInto("booking_tasks")
    .values({
      organization_id: org,
      cabinet_id: cabinetId,
      supply_kind: "draft",
      supply_id: draftId,
      warehouse_ids: [507],
      box_type_id: 2,
      date_from: "2026-11-23",
      date_to: "2026-11-30",
      max_coefficient: 0,
      mode: over.mode ?? "book",
      dry_run: over.dry_run ?? false,
      status: "paused",
      status_reason: (over.mode ?? "book") === "book" ? "plan_limit" : null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}
const taskRow = (id: number) =>
  kit.api.db.selectFrom("booking_tasks").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const eventCount = () => kit.rows("task_events");
const taskCount = () => kit.rows("booking_tasks");
const resume = (id: number) => seller(`/api/tasks/${id}`, { method: "PATCH", body: { status: "active" } });
const draftTask = (draftId: string, mode: "book" | "alert") => kit.draftTask(2301, cabinetId, draftId, mode);

describe("a task that books, when the organization has no booking left", () => {
  it("is not resumed at the trial's limit: a 402 naming the way out, in the seller's language, and nothing changes", async () => {
    const task = await pausedTask("draft-limit");
    for (const n of [1, 2, 3]) {
      expect(await reserveBooking(kit.api.db, { organizationId: org, bookingId: `used-${n}` })).toEqual({ ok: true });
    }
    const before = await taskRow(task);
    const events = await eventCount();

    const refused = await resume(task);
    expect(refused.status).toBe(402);
    expect((await json(refused)).error).toMatchObject({
      code: "plan.booking_limit",
      message:
        "This period's 3 bookings of your plan (Free trial) are used up. Start · 5 or a booking pack in /plan (in the app: “Plan and usage”) keeps booking.",
    });
    // The same seller, their Telegram in Russian.
    const inRussian = await kit.as(2301, "ru")(`/api/tasks/${task}`, { method: "PATCH", body: { status: "active" } });
    expect((await json(inRussian)).error.message).toBe(
      "В этом периоде ваш тариф (Пробный период) даёт 3 бронирования, и все они использованы. Старт · 5 или пакет бронирований в /plan (в приложении — «Тариф и использование») позволят бронировать дальше.",
    );

    expect(await taskRow(task)).toEqual(before);
    expect(await eventCount()).toBe(events);
  });

  it("a dry run is refused too (the booker holds a booking for it while it runs), and so is a new task that books", async () => {
    const dryRun = await pausedTask("draft-dry", { dry_run: true });
    expect((await json(await resume(dryRun))).error.code).toBe("plan.booking_limit");
    expect((await taskRow(dryRun)).status).toBe("paused");

    const tasks = await taskCount();
    const created = await draftTask("draft-new-book", "book");
    expect(created.status).toBe(402);
    expect((await json(created)).error.code).toBe("plan.booking_limit");
    expect(await taskCount()).toBe(tasks);
  });

  it("an alert never books: it is created, resumed, but not switched to booking", async () => {
    const created = await draftTask("draft-new-alert", "alert");
    expect(created.status).toBe(201);
    const alert = await pausedTask("draft-alert", { mode: "alert" });
    const resumed = await resume(alert);
    expect(resumed.status).toBe(200);
    expect((await json(resumed)).task).toMatchObject({ status: "active", mode: "alert" });

    const switched = await seller(`/api/tasks/${alert}`, { method: "PATCH", body: { mode: "book" } });
    expect(switched.status).toBe(402);
    expect((await json(switched)).error.code).toBe("plan.booking_limit");
    expect(await taskRow(alert)).toMatchObject({ status: "active", mode: "alert" });
  });

  it("resumes once a pack or a plan gives bookings again", async () => {
    const [task, dryRun] = await kit.api.db
      .selectFrom("booking_tasks")
      .select("id")
      .where("supply_id", "in", ["draft-limit", "draft-dry"])
      .orderBy("id")
      .execute();
    await changePlan(kit.api.db, org, { type: "pack_added", pack: "pack1", bookings: 1, at: new Date() });
    const afterPack = await resume(task?.id ?? 0);
    expect(afterPack.status).toBe(200);
    expect((await json(afterPack)).task).toMatchObject({ status: "active", statusReason: null });

    await kit.api.db.updateTable("plan_states").set({ pack_bookings: 0 }).where("organization_id", "=", org).execute();
    expect((await resume(dryRun?.id ?? 0)).status).toBe(402);
    await changePlan(kit.api.db, org, { type: "granted", plan: "start5", at: new Date(), byTelegramId: 1 });
    expect((await json(await resume(dryRun?.id ?? 0))).task).toMatchObject({ status: "active", dryRun: true });
  });
});
