import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { changePlan } from "@slotpilot/db";
import { MESSAGE_KINDS, type SessionKeeper } from "@slotpilot/workers";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type BookingKit, bookingKit, dayAhead, eventually } from "./kit.ts";

const CHILD = fileURLToPath(new URL("./booker-child.ts", import.meta.url));
const TTL_MS = 5_000;

let kit: BookingKit;
/** The worker that took over in the first test: it holds the cabinets the next one uses. */
let survivor: SessionKeeper | undefined;
beforeAll(async () => {
  kit = await bookingKit(inject("pgAdminUrl"), { sandboxFaults: { competitorDelayMs: null } });
}, 120_000);
afterAll(() => kit?.close());

function spawnWorker(workerId: string) {
  const child: ChildProcess = spawn(
    process.execPath,
    [CHILD, kit.api.url, JSON.stringify(kit.sandbox.hosts), kit.key.toString("hex"), workerId, String(TTL_MS)],
    { stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  const state = { ready: false, held: [] as number[], stderr: "" };
  let buffer = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    buffer += chunk.toString("utf8");
    for (let i = buffer.indexOf("\n"); i >= 0; i = buffer.indexOf("\n")) {
      const line = buffer.slice(0, i);
      buffer = buffer.slice(i + 1);
      if (line === "ready") state.ready = true;
      else if (line.startsWith("{")) state.held = (JSON.parse(line) as { ready: number[] }).ready;
    }
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    state.stderr += chunk.toString("utf8");
  });
  return { child, state };
}

describe("a worker killed in the middle of a booking", () => {
  it("(SIGKILL) → the booking finishes on another worker, read back first: exactly one booking, the task booked", async () => {
    const a = spawnWorker("booker-a");
    try {
      await eventually(async () => a.state.ready, 60_000, "worker A to start");
      const seller = await kit.seller({ token: true });
      const cabinet = seller.cabinets[0] ?? { cabinetId: 0, supplierId: 0 };
      await eventually(async () => a.state.held.includes(cabinet.cabinetId) || undefined, 60_000, "A's warm page");
      const { taskId, preorderId } = await kit.task(seller, cabinet);
      const day = dayAhead(3);
      kit.open(507, day, 2, 0);
      // WB is slow to answer the plan: A is killed while its plan/add is on the wire.
      kit.sandbox.control.setFaults({ latencyMs: { plan: 2_000 } });
      const booking = await kit.handOff(taskId, { warehouseId: 507, date: day });
      await eventually(
        async () => {
          const row = await kit.booking(booking?.id ?? 0);
          return row.status === "attempting" && row.worker_id === "booker-a" ? row : undefined;
        },
        30_000,
        "A to claim the booking",
      );
      await new Promise((resolve) => setTimeout(resolve, 500));
      a.child.kill("SIGKILL");
      kit.sandbox.control.setFaults({ latencyMs: 0 });

      const { keeper } = await kit.keeper("booker-b", { leaseTtlMs: TTL_MS });
      survivor = keeper;
      const booker = await kit.booker(keeper);
      const row = await kit.ended(booking?.id ?? 0, 90_000);
      await booker.stop();
      expect(row).toMatchObject({ status: "confirmed", worker_id: "booker-b", attempts: 2 });
      expect(await kit.task_(taskId)).toMatchObject({ status: "booked" });
      expect(kit.sandbox.control.bookings().filter((b) => b.preorderId === preorderId)).toHaveLength(1);
      // One message, though two workers touched the booking.
      expect(await kit.outbox(seller.organizationId, "booking.result")).toHaveLength(1);
    } finally {
      kit.sandbox.control.setFaults({ latencyMs: 0 });
      try {
        if (a.child.pid) process.kill(-a.child.pid, "SIGKILL");
      } catch {
        // Already gone.
      }
    }
  }, 240_000);
});

describe("the plan's booking limit", () => {
  it("N+5 racing bookings for a seller with N left → exactly N confirmed and charged; the rest paused, the seller told", async () => {
    const seller = await kit.seller();
    const cabinet = seller.cabinets[0] ?? { cabinetId: 0, supplierId: 0 };
    // An admin grants start5: five bookings this period.
    await changePlan(kit.db, seller.organizationId, {
      type: "granted",
      plan: "start5",
      at: new Date(),
      byTelegramId: 777000,
    });
    const N = 5;
    const keeper = survivor ?? (await kit.keeper("quota-worker")).keeper;
    await kit.ready(keeper, [cabinet.cabinetId]);
    const tasks = [];
    for (let i = 0; i < N + 5; i++) tasks.push(await kit.task(seller, cabinet));
    const day = dayAhead(5);
    kit.open(120762, day, 0, 0);
    kit.open(507, day, N + 5, 0);
    const booker = await kit.booker(keeper);
    try {
      const bookings = await Promise.all(tasks.map((t) => kit.handOff(t.taskId, { warehouseId: 507, date: day })));
      const ends = await Promise.all(bookings.map((b) => kit.ended(b?.id ?? 0, 120_000)));
      expect(ends.filter((e) => e.status === "confirmed")).toHaveLength(N);
      const refused = ends.filter((e) => e.status !== "confirmed");
      expect(refused.map((e) => `${e.status} ${e.reason}`)).toEqual(Array(5).fill("failed booking.plan_limit"));
      const preorders = new Set(tasks.map((t) => t.preorderId));
      expect(
        kit.sandbox.control.bookings().filter((b) => b.preorderId !== null && preorders.has(b.preorderId)),
      ).toHaveLength(N);
      const allowance = await kit.db
        .selectFrom("booking_allowance")
        .select(["status"])
        .where("organization_id", "=", seller.organizationId)
        .execute();
      expect(allowance.filter((r) => r.status === "charged")).toHaveLength(N);
      expect(allowance.filter((r) => r.status !== "charged" && r.status !== "released")).toHaveLength(0);
      for (const e of refused)
        expect(await kit.task_(e.task_id)).toMatchObject({ status: "paused", status_reason: "plan_limit" });
      const paused = (await kit.outbox(seller.organizationId, "booking.result")).filter(
        (r) => (r.payload as { outcome: string }).outcome === "paused",
      );
      expect(paused).toHaveLength(5);
      expect(MESSAGE_KINDS["booking.result"]?.(paused[0]?.payload, "en", "https://x.example")?.text).toContain(
        "Your plan's bookings for this period are used up.",
      );
    } finally {
      await booker.stop();
    }
  }, 240_000);
});
