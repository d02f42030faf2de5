import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { packEvents } from "./event-wire.ts";
import { type AppEvent, listenEvents, publishEvent, publishEvents } from "./events.ts";
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
  it("delivers what a committed transaction published, never what a rolled-back one did, splits big batches, and filters by type", async () => {
    const seen: AppEvent[] = [];
    const listener = await listenEvents(test.url, (e) => seen.push(e));
    const tasksOnly: AppEvent[] = [];
    const filtered = await listenEvents(test.url, (e) => tasksOnly.push(e), undefined, { types: ["task.updated"] });
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
      await until(() => tasksOnly.length > 0);
      expect(tasksOnly).toEqual([{ type: "task.updated", organizationId: 1, taskId: 2, status: "active" }]);
    } finally {
      await listener.close();
      await filtered.close();
    }
  });
});

describe("publishEvents", () => {
  it("publishes thousands of events in one statement, in order, each payload within NOTIFY's 8000 bytes", async () => {
    const seen: AppEvent[] = [];
    const listener = await listenEvents(test.url, (e) => seen.push(e));
    try {
      const decisions = Array.from(
        { length: 3_000 },
        (_, i): AppEvent => ({
          type: "task.decision",
          organizationId: 1 + (i % 7),
          taskId: i,
          action: i % 2 ? "book" : "alert",
          warehouseId: 507,
          date: "2026-11-25",
          boxTypeId: 2,
          coefficient: 0,
        }),
      );
      const payloads = packEvents(decisions);
      for (const payload of payloads) expect(Buffer.byteLength(payload)).toBeLessThan(8000);
      expect(payloads.length).toBeLessThan(30);
      const onlyDecisions: AppEvent[] = [];
      const filtered = await listenEvents(test.url, (e) => onlyDecisions.push(e), undefined, {
        types: ["task.decision"],
      });
      const updated: AppEvent = { type: "task.updated", organizationId: 1, taskId: 1, status: "paused" };
      await test.db.transaction().execute((trx) => publishEvents(trx, [...decisions, updated]));
      await until(() => seen.length > decisions.length && onlyDecisions.length >= decisions.length);
      expect(seen).toEqual([...decisions, updated]);
      expect(onlyDecisions).toEqual(decisions);
      await filtered.close();
    } finally {
      await listener.close();
    }
  });
});
