import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { rememberLiveMessage } from "../live-messages.ts";
import { createTestDatabase, type TestDatabase } from "../testing.ts";
import { upsertTelegramUser } from "../users.ts";
import { reserveBooking } from "./booking-allowance.ts";
import { grantPlan } from "./grant-plan.ts";
import { stepDownEndedPlans } from "./plan-clock.ts";
import { changePlan, readPlanState } from "./plan-state.ts";

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase(inject("pgAdminUrl"));
});
afterAll(() => test.drop());

async function sellerWithTasks(telegramId: number, statuses: ("active" | "paused" | "booked")[]) {
  const { organization } = await upsertTelegramUser(test.db, { telegramId, firstName: "S" }, { isAdmin: false });
  const cabinet = await test.db
    .insertInto("cabinets")
    .values({ organization_id: organization.id, name: `c${telegramId}` })
    .returning("id")
    .executeTakeFirstOrThrow();
  const tasks = await test.db
    .insertInto("booking_tasks")
    .values(
      statuses.map((status, i) => ({
        organization_id: organization.id,
        cabinet_id: cabinet.id,
        supply_kind: "preorder" as const,
        supply_id: `s${telegramId}-${i}`,
        warehouse_ids: [507],
        box_type_id: 2,
        date_from: "2026-11-22",
        date_to: "2026-12-04",
        max_coefficient: 0,
        mode: "book" as const,
        status,
        status_reason: status === "paused" ? "by_seller" : null,
      })),
    )
    .returning("id")
    .execute();
  // Each task's status message is in the seller's chat (sent when it was created).
  for (const task of tasks) await rememberLiveMessage(test.db, telegramId, `task:${task.id}`, 1000 + task.id);
  return organization.id;
}

const tasksOf = (org: number) =>
  test.db
    .selectFrom("booking_tasks")
    .select(["status", "status_reason"])
    .where("organization_id", "=", org)
    .orderBy("id")
    .execute();
const noticesOf = (chatId: number) =>
  test.db
    .selectFrom("notifications")
    .select(["kind", "payload"])
    .where("chat_id", "=", chatId)
    .where("kind", "=", "billing.notice")
    .execute();

describe("the plan clock", () => {
  it("at the trial's end pauses hunting tasks with trial_over, tells the seller once, deletes nothing", async () => {
    const org = await sellerWithTasks(801, ["active", "active", "paused", "booked"]);
    const trialEnd = (await readPlanState(test.db, org)).periodEnd as Date;
    expect(await stepDownEndedPlans(test.db, new Date(trialEnd.getTime() - 1000))).toEqual([]);
    expect(await stepDownEndedPlans(test.db, trialEnd)).toEqual([org]);
    expect(await stepDownEndedPlans(test.db, trialEnd)).toEqual([]);

    expect(await tasksOf(org)).toEqual([
      { status: "paused", status_reason: "trial_over" },
      { status: "paused", status_reason: "trial_over" },
      { status: "paused", status_reason: "by_seller" },
      { status: "booked", status_reason: null },
    ]);
    expect(await noticesOf(801)).toEqual([
      { kind: "billing.notice", payload: { notice: "trial_ended", pausedTasks: 2 } },
    ]);
    expect(await reserveBooking(test.db, { organizationId: org, bookingId: "x801" })).toEqual({
      ok: false,
      reason: "trial_over",
    });

    // A plan is granted: the tasks paused for the plan hunt again; the seller's own pause stays.
    const admin = await upsertTelegramUser(test.db, { telegramId: 9801, firstName: "A" }, { isAdmin: true });
    const granted = await grantPlan(test.db, {
      telegramId: 801,
      plan: "pro25",
      adminUserId: admin.user.id,
      adminTelegramId: 9801,
    });
    expect(granted?.resumedTasks).toBe(2);
    expect((await tasksOf(org)).map((t) => t.status)).toEqual(["active", "active", "paused", "booked"]);

    // Each task's live status in the chat said so: paused by the trial's end, then searching again.
    const live = await test.db
      .selectFrom("notifications")
      .select("payload")
      .where("chat_id", "=", 801)
      .where("kind", "=", "task.status")
      .orderBy("id")
      .execute();
    expect(live.map((r) => r.payload as { phase: string; taskReason?: string })).toEqual([
      expect.objectContaining({ phase: "paused", taskReason: "trial_over" }),
      expect.objectContaining({ phase: "paused", taskReason: "trial_over" }),
      expect.objectContaining({ phase: "searching" }),
      expect.objectContaining({ phase: "searching" }),
    ]);
    // And each task's timeline: paused for the trial's end, resumed by the plan.
    const events = await test.db
      .selectFrom("task_events")
      .select(["kind", "details"])
      .where("organization_id", "=", org)
      .orderBy("id")
      .execute();
    expect(events).toEqual([
      { kind: "paused", details: { reason: "trial_over" } },
      { kind: "paused", details: { reason: "trial_over" } },
      { kind: "resumed", details: {} },
      { kind: "resumed", details: {} },
    ]);
  });

  it("a cancelled subscription keeps its plan to the period's end, then steps down with plan_ended", async () => {
    const org = await sellerWithTasks(802, ["active"]);
    const start = new Date("2030-01-01T00:00:00Z");
    const end = new Date("2030-01-31T00:00:00Z");
    const ref = "sub_802";
    await changePlan(test.db, org, {
      type: "subscribed",
      plan: "basic10",
      provider: "paddle",
      subscriptionRef: ref,
      at: start,
      periodStart: start,
      periodEnd: end,
    });
    await changePlan(test.db, org, { type: "cancelled", subscriptionRef: ref, at: new Date("2030-01-10T00:00:00Z") });
    // Other sellers' plans (from the tests above) end long before 2030: only this one is watched.
    expect(await stepDownEndedPlans(test.db, new Date("2030-01-30T23:59:00Z"))).not.toContain(org);
    expect((await tasksOf(org))[0]?.status).toBe("active");
    expect(await stepDownEndedPlans(test.db, end)).toEqual([org]);

    expect(await tasksOf(org)).toEqual([{ status: "paused", status_reason: "plan_ended" }]);
    expect(await readPlanState(test.db, org)).toMatchObject({ plan: null, endedPlan: "basic10" });
  });

  it("with booking packs left, the plan ends but the tasks keep hunting", async () => {
    const org = await sellerWithTasks(803, ["active"]);
    await changePlan(test.db, org, { type: "pack_added", pack: "pack5", bookings: 5, at: new Date() });
    const trialEnd = (await readPlanState(test.db, org)).periodEnd as Date;
    expect(await stepDownEndedPlans(test.db, trialEnd)).toEqual([org]);
    expect((await tasksOf(org))[0]?.status).toBe("active");
    expect(await reserveBooking(test.db, { organizationId: org, bookingId: "x803" })).toEqual({ ok: true });
  });
});
