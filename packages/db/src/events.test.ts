import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type AppEvent, listenEvents, publishEvent } from "./events.ts";
import { createTestDatabase, type TestDatabase } from "./testing.ts";

let test: TestDatabase;
beforeAll(async () => {
  test = await createTestDatabase(inject("pgAdminUrl"));
});
afterAll(() => test.drop());

const until = async (check: () => boolean) => {
  const end = Date.now() + 5000;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
};

describe("events", () => {
  it("delivers what a committed transaction published, never what a rolled-back one did, and splits big batches", async () => {
    const seen: AppEvent[] = [];
    const listener = await listenEvents(test.url, (e) => seen.push(e));
    try {
      await test.db
        .transaction()
        .execute(async (trx) => {
          await publishEvent(trx, { type: "task.updated", organizationId: 1, taskId: 1, status: "lost" });
          throw new Error("roll back");
        })
        .catch(() => {});
      const changes = Array.from({ length: 100 }, (_, i) => ({
        warehouseId: i,
        date: "2026-11-25",
        boxTypeId: 2,
        coefficient: 0,
        allowUnload: true,
        kind: "opened" as const,
      }));
      await test.db.transaction().execute((trx) => publishEvent(trx, { type: "slots.changed", changes }));
      await publishEvent(test.db, { type: "task.updated", organizationId: 1, taskId: 2, status: "active" });
      await until(() => seen.some((e) => e.type === "task.updated"));
      const delivered = seen.flatMap((e) => (e.type === "slots.changed" ? e.changes.map((c) => c.warehouseId) : []));
      expect(delivered).toEqual(changes.map((c) => c.warehouseId));
      expect(seen.filter((e) => e.type === "slots.changed").length).toBe(3);
      expect(seen.filter((e) => e.type === "task.updated")).toEqual([
        { type: "task.updated", organizationId: 1, taskId: 2, status: "active" },
      ]);
    } finally {
      await listener.close();
    }
  });
});
