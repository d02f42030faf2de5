import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { json } from "../testing.ts";
import { sellerTestKit } from "./seller-test-kit.ts";

let kit: Awaited<ReturnType<typeof sellerTestKit>>;
let seller: ReturnType<typeof kit.as>;
let cabinetId: number;
const CHAT = 2401;

beforeAll(async () => {
  kit = await sellerTestKit(inject("pgAdminUrl"));
  seller = kit.as(CHAT);
  ({ cabinetId } = await kit.connectCabinet(CHAT));
});
afterAll(() => kit.close());

/** A draft task (its creation asks WB nothing). */
const create = (draftId: string, mode: "book" | "alert" = "book") => kit.draftTask(CHAT, cabinetId, draftId, mode);

/** The task's live status updates queued for the seller's chat, oldest first: what the message will say. */
async function liveStatus(taskId: number) {
  const rows = await kit.api.db
    .selectFrom("notifications")
    .where("kind", "=", "task.status")
    .where("chat_id", "=", CHAT)
    .select("payload")
    .orderBy("id")
    .execute();
  return rows
    .map((r) => r.payload as { taskId: number; phase: string; taskReason?: string; reason?: string })
    .filter((p) => p.taskId === taskId)
    .map(({ phase, taskReason, reason }) => [phase, taskReason ?? reason ?? null]);
}

describe("a booking task's live status follows what the seller does", () => {
  it("pause → paused by you; resume → searching again; pause with a reason → that reason; delete → deleted", async () => {
    const { task } = await json(await create("draft-live-1"));
    const patch = (body: object) => seller(`/api/tasks/${task.id}`, { method: "PATCH", body });
    expect((await patch({ status: "paused" })).status).toBe(200);
    expect((await patch({ status: "active" })).status).toBe(200);
    expect((await patch({ status: "paused", statusReason: "waiting for goods" })).status).toBe(200);
    // An edit that changes no status says nothing new.
    expect((await patch({ maxCoefficient: 2 })).status).toBe(200);
    expect((await seller(`/api/tasks/${task.id}`, { method: "DELETE" })).status).toBe(204);

    expect(await liveStatus(task.id)).toEqual([
      ["searching", null],
      ["paused", "by_seller"],
      ["searching", null],
      ["paused", "waiting for goods"],
      ["deleted", null],
    ]);
  });

  it("an alert task has no live status, until it is switched to booking", async () => {
    const { task } = await json(await create("draft-live-2", "alert"));
    await seller(`/api/tasks/${task.id}`, { method: "PATCH", body: { status: "paused" } });
    await seller(`/api/tasks/${task.id}`, { method: "PATCH", body: { status: "active" } });
    expect(await liveStatus(task.id)).toEqual([]);
    await seller(`/api/tasks/${task.id}`, { method: "PATCH", body: { mode: "book" } });
    expect(await liveStatus(task.id)).toEqual([["searching", null]]);
  });

  it("deleting a booked task leaves its 'booked' message as it is: the supply stays planned at WB", async () => {
    const { task } = await json(await create("draft-live-3"));
    await kit.api.db.updateTable("booking_tasks").set({ status: "booked" }).where("id", "=", task.id).execute();
    expect((await seller(`/api/tasks/${task.id}`, { method: "DELETE" })).status).toBe(204);
    expect(await liveStatus(task.id)).toEqual([["searching", null]]);
  });
});
