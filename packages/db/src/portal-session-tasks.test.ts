import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { rememberLiveMessage } from "./live-messages.ts";
import { pauseTasksForLostSession, resumeTasksAfterLogin } from "./portal-session-tasks.ts";
import { taskTimeline } from "./task-events.ts";
import { createTestDatabase, type TestDatabase } from "./testing.ts";
import { upsertTelegramUser } from "./users.ts";

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase(inject("pgAdminUrl"));
});
afterAll(() => test.drop());

describe("a lost portal session and the tasks' live status", () => {
  it("a booking task's message says it waits for a new login, then that it searches again; an alert's says nothing", async () => {
    const { organization } = await upsertTelegramUser(
      test.db,
      { telegramId: 9301, firstName: "S" },
      { isAdmin: false },
    );
    const cabinet = await test.db
      .insertInto("cabinets")
      .values({ organization_id: organization.id, name: "Main" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const task = (supplyId: string, mode: "book" | "alert") =>
      test.db
        .insertInto("booking_tasks")
        .values({
          organization_id: organization.id,
          cabinet_id: cabinet.id,
          supply_kind: "draft",
          supply_id: supplyId,
          warehouse_ids: [507],
          box_type_id: 2,
          date_from: "2026-11-22",
          date_to: "2026-12-04",
          max_coefficient: 0,
          mode,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
    const book = await task("d-book", "book");
    const alert = await task("d-alert", "alert");
    // The task's status message is in the chat (sent when it was created); another booking task of
    // the cabinet has none there (made before live statuses): nothing is queued for it.
    await rememberLiveMessage(test.db, 9301, `task:${book.id}`, 41);
    await rememberLiveMessage(test.db, 9301, `task:${alert.id}`, 42);
    await task("d-book-without-message", "book");

    await test.db.transaction().execute((trx) => pauseTasksForLostSession(trx, cabinet.id));
    await test.db.transaction().execute((trx) => resumeTasksAfterLogin(trx, cabinet.id));

    const live = await test.db
      .selectFrom("notifications")
      .where("chat_id", "=", 9301)
      .where("kind", "=", "task.status")
      .select("payload")
      .orderBy("id")
      .execute();
    expect(live.map((r) => r.payload)).toEqual([
      { taskId: book.id, phase: "paused", taskReason: "portal_session_lost", editOnly: true },
      { taskId: book.id, phase: "searching", editOnly: true },
    ]);
    // Both steps are in the task's timeline, the pause with its reason; the alert's has neither.
    const timeline = await taskTimeline(test.db, organization.id, book.id);
    expect(timeline.map((e) => [e.kind, e.details])).toEqual([
      ["resumed", {}],
      ["paused", { reason: "portal_session_lost" }],
    ]);
    expect(await taskTimeline(test.db, organization.id, alert.id)).toEqual([]);
  });
});
