import { rememberLiveMessage, upsertTelegramUser } from "@slotpilot/db";
import { createTestDatabase, insertCabinet, type TestDatabase } from "@slotpilot/db/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { expireTasks } from "./expire-tasks.ts";

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase(inject("pgAdminUrl"));
});
afterAll(() => test.drop());

describe("expireTasks", () => {
  it("expires tasks past their range (Moscow day) or deadline, and leaves live and finished ones alone", async () => {
    const { organization } = await upsertTelegramUser(test.db, { telegramId: 1, firstName: "A" }, { isAdmin: false });
    const cabinetId = await insertCabinet(test.db, organization.id);
    const task = (supplyId: string, over: Record<string, unknown>) =>
      test.db
        .insertInto("booking_tasks")
        .values({
          organization_id: organization.id,
          cabinet_id: cabinetId,
          supply_kind: "preorder",
          supply_id: supplyId,
          warehouse_ids: [507],
          box_type_id: 2,
          date_from: "2026-11-18",
          date_to: "2026-11-25",
          max_coefficient: 0,
          mode: "book",
          ...over,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
    // 22:30 UTC on the 21st is the 22nd in Moscow.
    const now = new Date("2026-11-21T22:30:00Z");
    const ended = await task("1", { date_to: "2026-11-21" });
    const lastDayToday = await task("2", { date_to: "2026-11-22" });
    const deadlinePassed = await task("3", { deadline: new Date("2026-11-21T20:00:00Z") });
    const paused = await task("4", { date_to: "2026-11-20", status: "paused" });
    const booked = await task("5", { date_to: "2026-11-20", status: "booked" });
    // Re-plan: watching for a better day. Its window over, it is simply booked; still open, it watches on.
    const watchedOut = await task("6", { date_to: "2026-11-21", status: "watching", replan: true });
    const watching = await task("7", { date_to: "2026-11-22", status: "watching", replan: true });
    const moving = await task("8", { date_to: "2026-11-21", status: "moving", replan: true });

    // Each task's status message is in the seller's chat (sent when it was created).
    for (const t of [ended, lastDayToday, deadlinePassed, paused, booked, watchedOut, watching, moving])
      await rememberLiveMessage(test.db, 1, `task:${t.id}`, 100 + t.id);
    await expireTasks({ db: test.db, now: () => now })();
    const rows = await test.db
      .selectFrom("booking_tasks")
      .select(["id", "status", "status_reason"])
      .orderBy("id")
      .execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(ended.id)).toMatchObject({ status: "expired", status_reason: "date_range_over" });
    expect(byId.get(lastDayToday.id)?.status).toBe("active");
    expect(byId.get(deadlinePassed.id)).toMatchObject({ status: "expired", status_reason: "deadline_passed" });
    expect(byId.get(paused.id)?.status).toBe("expired");
    expect(byId.get(booked.id)?.status).toBe("booked");
    expect(byId.get(watchedOut.id)).toMatchObject({ status: "booked", status_reason: null });
    expect(byId.get(watching.id)?.status).toBe("watching");
    // A move in flight runs to its outcome first.
    expect(byId.get(moving.id)?.status).toBe("moving");

    // The seller's chat: each expired booking task's live status says it ended, and why.
    const status = await test.db
      .selectFrom("notifications")
      .where("kind", "=", "task.status")
      .select("payload")
      .orderBy("id")
      .execute();
    expect(status.map((r) => r.payload)).toEqual(
      expect.arrayContaining([
        { taskId: ended.id, phase: "expired", taskReason: "date_range_over", editOnly: true },
        { taskId: deadlinePassed.id, phase: "expired", taskReason: "deadline_passed", editOnly: true },
        { taskId: paused.id, phase: "expired", taskReason: "date_range_over", editOnly: true },
      ]),
    );
    expect(status).toHaveLength(3);
  });
});
