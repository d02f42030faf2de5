import { createTestApi } from "@slotpilot/api/testing";
import { reserveBooking } from "@slotpilot/db";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { inProcessBot, TestChat } from "../testing.ts";

let api: Awaited<ReturnType<typeof createTestApi>>;
beforeAll(async () => {
  api = await createTestApi(inject("pgAdminUrl"), { mode: "demo" });
});
afterAll(() => api.close());

describe("resuming a task the plan cannot book for", () => {
  it("shows the plan's refusal on the task's card, which stays paused", async () => {
    const chat = new TestChat(inProcessBot(api), 4501, "en");
    await chat.send("/help");
    const { organization_id: org } = await api.db
      .selectFrom("memberships")
      .innerJoin("users", "users.id", "memberships.user_id")
      .select("memberships.organization_id")
      .where("users.telegram_id", "=", 4501)
      .executeTakeFirstOrThrow();
    const cabinet = await api.db
      .insertInto("cabinets")
      .values({ organization_id: org, name: "WB 1" })
      .returning("id")
      .executeTakeFirstOrThrow();
    // Where the booker leaves a task at the plan's limit: paused, every booking of the trial used.
    const task = await api.db
      .insertInto("booking_tasks")
      .values({
        organization_id: org,
        cabinet_id: cabinet.id,
        supply_kind: "draft",
        supply_id: "draft-4501",
        warehouse_ids: [507],
        box_type_id: 2,
        date_from: new Date(Date.now() + 86_400_000 * 2).toISOString().slice(0, 10),
        date_to: new Date(Date.now() + 86_400_000 * 9).toISOString().slice(0, 10),
        max_coefficient: 0,
        mode: "book",
        status: "paused",
        status_reason: "plan_limit",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    for (const n of [1, 2, 3]) await reserveBooking(api.db, { organizationId: org, bookingId: `b4501-${n}` });

    await chat.send("/tasks");
    await chat.press(new RegExp(`#${task.id} `));
    await chat.press("▶ Resume");
    expect(chat.last()).toMatch(
      new RegExp(
        `^⚠️ This period's 3 bookings of your plan \\(Free trial\\) are used up\\. Start · 5 or a booking pack in /plan \\(in the app: “Plan and usage”\\) keeps booking\\.\\n\\n⏸ Task #${task.id} — paused\\nReason: this period's bookings on your plan are used up\\n`,
      ),
    );
    expect(chat.lastButtons()).toContain("▶ Resume");
  });
});
