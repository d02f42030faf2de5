import type { Db } from "@slotpilot/db";
import { createTestDatabase, type TestDatabase } from "@slotpilot/db/testing";
import { silentLogger } from "@slotpilot/observability";
import type { RootOperationNode } from "kysely";
import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { TaskBook } from "./task-book.ts";
import { alertTask, cabinet, seller } from "./test-world.ts";

/**
 * The task book as the product runs it (with `task.updated` events): a read re-reads only the tasks
 * events named; the catch-up by `updated_at` runs after the listener reconnected, beside the reads,
 * and never undoes a newer re-read.
 */

let test: TestDatabase;
beforeEach(async () => {
  test = await createTestDatabase(inject("pgAdminUrl"));
});
afterEach(() => test.drop());

/** A database whose catch-up statements (by `updated_at`) are answered only when the test says so. */
function gatedCatchUp(db: Db) {
  const catchUps = new Set<unknown>();
  let open: () => void = () => {};
  let gate = Promise.resolve();
  let reached: () => void = () => {};
  const isCatchUp = (node: RootOperationNode) =>
    node.kind === "SelectQueryNode" && JSON.stringify(node.where ?? null).includes('"updated_at"');
  return {
    db: db.withPlugin({
      transformQuery: (args) => {
        if (isCatchUp(args.node)) catchUps.add(args.queryId);
        return args.node;
      },
      transformResult: async (args) => {
        if (catchUps.delete(args.queryId)) {
          reached();
          await gate;
        }
        return args.result;
      },
    }),
    /** Holds the next catch-ups' answers; resolves once one has been answered (its snapshot taken). */
    close(): Promise<void> {
      gate = new Promise((resolve) => {
        open = resolve;
      });
      return new Promise((resolve) => {
        reached = resolve;
      });
    },
    open: () => open(),
  };
}

/** A database that counts the SELECTs sent through it (`reads`, reset by assigning it). */
function countingReads(db: Db) {
  const counted = {
    reads: 0,
    db: db.withPlugin({
      transformQuery: (args) => {
        if (args.node.kind === "SelectQueryNode") counted.reads++;
        return args.node;
      },
      transformResult: async (args) => args.result,
    }),
  };
  return counted;
}

async function world() {
  const organizationId = await seller(test.db, 71);
  const cabinetId = await cabinet(test.db, organizationId, { supplierId: 71, token: "t71" });
  return { organizationId, cabinetId };
}

const T0 = Date.parse("2026-11-21T06:00:00Z");

describe("the task book with task.updated events", () => {
  it("loads every task matching looks at a page at a time, and reloads them so", async () => {
    const { organizationId, cabinetId } = await world();
    const ids = [];
    for (let i = 0; i < 7; i++) ids.push(await alertTask(test.db, organizationId, cabinetId, { warehouseId: 100 + i }));
    const paused = ids[3] ?? 0;
    await test.db.updateTable("booking_tasks").set({ status: "paused" }).where("id", "=", paused).execute();
    const pages: unknown[] = [];
    const counted = test.db.withPlugin({
      transformQuery: (args) => {
        if (args.node.kind === "SelectQueryNode") pages.push(args.queryId);
        return args.node;
      },
      transformResult: async (args) => args.result,
    });
    const book = new TaskBook(counted, silentLogger, { events: true, pageSize: 2, fullReloadMs: 60_000 });
    await book.load(T0);
    // Six tasks in pages of two: three full pages and an empty one to say there is no more.
    expect(pages).toHaveLength(4);
    expect(ids.filter((id) => book.index.get(id))).toEqual(ids.filter((id) => id !== paused));

    await test.db.updateTable("booking_tasks").set({ status: "active" }).where("id", "=", paused).execute();
    await book.refresh(T0 + 61_000);
    await book.settled();
    expect(ids.filter((id) => book.index.get(id))).toEqual(ids);
  });

  it("re-reads the tasks events name, by key: a new one joins, a deleted or paused one leaves", async () => {
    const { organizationId, cabinetId } = await world();
    const kept = await alertTask(test.db, organizationId, cabinetId);
    const book = new TaskBook(test.db, silentLogger, { events: true });
    await book.load(T0);
    expect(book.index.size).toBe(1);

    const added = await alertTask(test.db, organizationId, cabinetId, { warehouseId: 117986 });
    const paused = await alertTask(test.db, organizationId, cabinetId, { warehouseId: 1733 });
    book.taskUpdated(added, "active");
    book.taskUpdated(paused, "active");
    await book.refresh(T0 + 1_000);
    expect(book.index.get(added)?.warehouses).toEqual([117986]);
    expect(book.index.size).toBe(3);

    await test.db.deleteFrom("booking_tasks").where("id", "=", kept).execute();
    await test.db.updateTable("booking_tasks").set({ status: "paused" }).where("id", "=", paused).execute();
    // Even events naming a status matching looks at: the re-read finds one row gone, one paused.
    book.taskUpdated(kept, "active");
    book.taskUpdated(paused, "active");
    await book.refresh(T0 + 2_000);
    expect([...[kept, added, paused].filter((id) => book.index.get(id))]).toEqual([added]);
  });

  it("catches up with a change whose event was missed once the listener reconnects, beside the reads — not on a timer", async () => {
    const { organizationId, cabinetId } = await world();
    const gated = gatedCatchUp(test.db);
    await alertTask(test.db, organizationId, cabinetId);
    const book = new TaskBook(gated.db, silentLogger, { events: true, refreshMs: 30_000 });
    await book.load(T0);
    // Its event went out while the listener was away.
    const quiet = await alertTask(test.db, organizationId, cabinetId, { warehouseId: 117986 });

    await book.refresh(T0 + 1_000);
    expect(book.index.get(quiet)).toBeUndefined();
    // Connected all along, nothing can have been missed: no catch-up however long the reads go on.
    await book.refresh(T0 + 31_000);
    await book.refresh(T0 + 9 * 60_000);
    await book.settled();
    expect(book.index.get(quiet)).toBeUndefined();

    book.listenerReconnected();
    const answered = gated.close();
    // The catch-up is due: the read goes on while it waits for its rows.
    await book.refresh(T0 + 9 * 60_000 + 1_000);
    await answered;
    expect(book.index.get(quiet)).toBeUndefined();
    gated.open();
    await book.settled();
    expect(book.index.get(quiet)?.id).toBe(quiet);
  });

  it("a catch-up's older snapshot does not undo an event's newer re-read", async () => {
    const { organizationId, cabinetId } = await world();
    const task = await alertTask(test.db, organizationId, cabinetId);
    const gated = gatedCatchUp(test.db);
    const book = new TaskBook(gated.db, silentLogger, { events: true, refreshMs: 30_000 });
    await book.load(T0);
    expect(book.index.get(task)?.maxCoefficient).toBe(0);

    const answered = gated.close();
    // The catch-up reads the task with its cap at 0 and waits for the gate ...
    await test.db.updateTable("booking_tasks").set({ updated_at: new Date() }).where("id", "=", task).execute();
    book.listenerReconnected();
    await book.refresh(T0 + 31_000);
    await answered;
    // ... while the seller raises the cap: the event's re-read applies it at the next read.
    await test.db
      .updateTable("booking_tasks")
      .set({ max_coefficient: 3, updated_at: new Date() })
      .where("id", "=", task)
      .execute();
    book.taskUpdated(task, "active");
    await book.refresh(T0 + 32_000);
    expect(book.index.get(task)?.maxCoefficient).toBe(3);

    gated.open();
    await book.settled();
    expect(book.index.get(task)?.maxCoefficient).toBe(3);
    await book.refresh(T0 + 33_000);
    expect(book.index.get(task)?.maxCoefficient).toBe(3);
  });

  it("a booking in flight is marked, not re-read; the event that ends it is re-read", async () => {
    const { organizationId, cabinetId } = await world();
    const task = await alertTask(test.db, organizationId, cabinetId, { mode: "book" });
    const counted = countingReads(test.db);
    const book = new TaskBook(counted.db, silentLogger, { events: true });
    await book.load(T0);
    counted.reads = 0;

    // The monitor's own hand-off, then its echo: the task is in flight at once, nothing is read.
    book.handedOff([task]);
    expect(book.index.get(task)?.bookingInFlight).toBe(true);
    book.taskUpdated(task, "booking");
    await book.refresh(T0 + 1_000);
    expect(counted.reads).toBe(0);

    // The booking missed: the booker's event names the task, which is hunting again.
    await test.db.updateTable("booking_tasks").set({ max_coefficient: 1 }).where("id", "=", task).execute();
    book.taskUpdated(task, "active");
    await book.refresh(T0 + 2_000);
    expect(counted.reads).toBe(1);
    expect(book.index.get(task)).toMatchObject({ bookingInFlight: false, maxCoefficient: 1 });
  });

  it("a booking's end with the revision the task was read at takes it back unread; after an edit, or beside a reload, it is re-read", async () => {
    const { organizationId, cabinetId } = await world();
    const task = await alertTask(test.db, organizationId, cabinetId, { mode: "book" });
    const gated = gatedCatchUp(test.db);
    const counted = countingReads(gated.db);
    const revision = async () =>
      (await test.db.selectFrom("booking_tasks").where("id", "=", task).select("revision").executeTakeFirstOrThrow())
        .revision;
    const setStatus = (status: "booking" | "active") =>
      test.db.updateTable("booking_tasks").set({ status }).where("id", "=", task).execute();
    const book = new TaskBook(counted.db, silentLogger, { events: true, refreshMs: 30_000 });
    await book.load(T0);
    counted.reads = 0;

    // Handed off and missed: a status change alone, the revision stays; the task hunts again at once.
    book.handedOff([task]);
    await setStatus("booking");
    await setStatus("active");
    book.taskUpdated(task, "active", await revision());
    expect(book.index.get(task)?.bookingInFlight).toBe(false);
    await book.refresh(T0 + 1_000);
    expect(counted.reads).toBe(0);

    // In flight again; the seller raises the cap meanwhile (the database bumps the revision).
    book.handedOff([task]);
    await setStatus("booking");
    await test.db.updateTable("booking_tasks").set({ max_coefficient: 2 }).where("id", "=", task).execute();
    book.taskUpdated(task, "booking");
    await setStatus("active");
    book.taskUpdated(task, "active", await revision());
    expect(book.index.get(task)?.bookingInFlight).toBe(true);
    await book.refresh(T0 + 2_000);
    expect(counted.reads).toBe(1);
    expect(book.index.get(task)).toMatchObject({ bookingInFlight: false, maxCoefficient: 2 });

    // In flight while a catch-up runs beside the reads: its snapshot may predate the end, so re-read.
    book.handedOff([task]);
    await setStatus("booking");
    const answered = gated.close();
    book.listenerReconnected();
    await book.refresh(T0 + 3_000);
    await answered;
    await setStatus("active");
    book.taskUpdated(task, "active", await revision());
    gated.open();
    await book.settled();
    counted.reads = 0;
    await book.refresh(T0 + 4_000);
    expect(counted.reads).toBe(1);
    expect(book.index.get(task)?.bookingInFlight).toBe(false);
  });

  it("a failed re-read names its tasks again for the next read", async () => {
    const { organizationId, cabinetId } = await world();
    let failNext = false;
    const flaky = test.db.withPlugin({
      transformQuery: (args) => args.node,
      transformResult: async (args) => {
        if (failNext) {
          failNext = false;
          throw new Error("connection lost");
        }
        return args.result;
      },
    });
    const book = new TaskBook(flaky, silentLogger, { events: true });
    await book.load(T0);
    const task = await alertTask(test.db, organizationId, cabinetId);
    book.taskUpdated(task, "active");
    failNext = true;
    await expect(book.refresh(T0 + 1_000)).rejects.toThrow("connection lost");
    expect(book.index.get(task)).toBeUndefined();
    await book.refresh(T0 + 2_000);
    expect(book.index.get(task)?.id).toBe(task);
  });
});
