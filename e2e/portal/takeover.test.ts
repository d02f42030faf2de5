import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { PLAN_CHALLENGE, RPC } from "@slotpilot/portal";
import type { KeeperStatus } from "@slotpilot/workers";
import { childPids } from "@slotpilot/workers";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { eventually, type SessionKit, sessionKit } from "./kit.ts";

const CHILD = fileURLToPath(new URL("./worker-child.ts", import.meta.url));
const TTL_MS = 5_000;

let kit: SessionKit;
beforeAll(async () => {
  kit = await sessionKit(inject("pgAdminUrl"));
});
afterAll(() => kit?.close());

/** A worker process; `status` is its last printed status. Spawned as its own process group. */
function spawnWorker(workerId: string) {
  const child: ChildProcess = spawn(
    process.execPath,
    [CHILD, kit.api.url, JSON.stringify(kit.sandbox.hosts), kit.key.toString("hex"), workerId, String(TTL_MS)],
    { stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  const state = { ready: false, status: null as KeeperStatus | null, stderr: "" };
  let buffer = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    buffer += chunk.toString("utf8");
    for (let i = buffer.indexOf("\n"); i >= 0; i = buffer.indexOf("\n")) {
      const line = buffer.slice(0, i);
      buffer = buffer.slice(i + 1);
      if (line === "ready") state.ready = true;
      else if (line.startsWith("{")) state.status = JSON.parse(line) as KeeperStatus;
    }
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    state.stderr += chunk.toString("utf8");
  });
  return { child, state };
}

let telegramId = 8000;
async function connectedCabinet() {
  const wb = kit.sandbox.control.createSeller();
  const supplierId = wb.cabinets[0]?.supplierId ?? 0;
  const as = kit.as(telegramId++);
  const { body } = await as("/api/cabinets", { method: "POST", body: { name: `C${telegramId}` } });
  const cabinetId = body.cabinet.id as number;
  await as(`/api/cabinets/${cabinetId}/login`, { method: "POST", body: { phone: wb.phone } });
  const done = await as(`/api/cabinets/${cabinetId}/login/code`, {
    method: "POST",
    body: { code: kit.sandbox.control.smsCode(wb.phone) },
  });
  expect(done.body.session.state).toBe("ACTIVE");
  return { wb, supplierId, as, cabinetId };
}

const holder = async (cabinetId: number) =>
  (await kit.db.selectFrom("portal_leases").selectAll().where("cabinet_id", "=", cabinetId).executeTakeFirst())
    ?.worker_id;

describe("a worker killed while holding cabinets", () => {
  it("(SIGKILL) → another worker takes them over within the lease time, with their saved sessions: no re-login", async () => {
    const a = spawnWorker("worker-a");
    try {
      await eventually(async () => a.state.ready, 60_000, "worker A to start");
      const one = await connectedCabinet();
      const two = await connectedCabinet();
      expect(await holder(one.cabinetId)).toBe("worker-a");
      expect(await holder(two.cabinetId)).toBe("worker-a");
      await eventually(async () => a.state.status?.ready.length === 2, 30_000, "worker A's pages to be warm");
      const { draftId } = kit.sandbox.control.createDraft({ supplierId: one.supplierId });

      const killedAt = Date.now();
      a.child.kill("SIGKILL");
      const b = await kit.keeper("worker-b", { leaseTtlMs: TTL_MS });

      // B takes both cabinets once A's leases run out, and reopens them from their saved state.
      const ready = await eventually(
        async () => {
          const s = b.keeper.status();
          return s.ready.includes(one.cabinetId) && s.ready.includes(two.cabinetId) ? s : undefined;
        },
        60_000,
        "worker B to hold both cabinets",
      );
      expect(ready.held.sort()).toEqual([one.cabinetId, two.cabinetId].sort());
      expect(await holder(one.cabinetId)).toBe("worker-b");
      const lease = await kit.db
        .selectFrom("portal_leases")
        .selectAll()
        .where("cabinet_id", "=", one.cabinetId)
        .executeTakeFirstOrThrow();
      expect(lease.epoch).toBe(2);
      expect(lease.acquired_at.getTime()).toBeGreaterThan(killedAt);

      // No SMS: the sellers logged in once, and their sessions carry on.
      expect(kit.sandbox.control.logins(one.wb.phone)).toBe(1);
      expect(kit.sandbox.control.logins(two.wb.phone)).toBe(1);
      for (const { as, cabinetId } of [one, two]) {
        expect((await as(`/api/cabinets/${cabinetId}`)).body.cabinet.portal).toMatchObject({
          state: "ACTIVE",
          error: null,
        });
      }
      const supplies = await one.as(`/api/supplies?cabinetId=${one.cabinetId}`);
      expect(supplies.body.drafts).toEqual([expect.objectContaining({ draftId })]);

      // The same device, too: the restored page's own challenge earns a token WB accepts.
      const { preorderId } = kit.sandbox.control.createPreorder({
        supplierId: one.supplierId,
        warehouseId: 507,
        boxTypeId: 2,
      });
      kit.sandbox.control.setCell({ warehouseId: 507, date: "2026-11-23", boxTypeId: 2, coefficient: 0 });
      const planned = await b.keeper.use(one.cabinetId, (portal) =>
        portal.rpc(
          RPC.planAdd,
          { preOrderId: preorderId, deliveryDate: "2026-11-23T00:00:00Z", warehouseId: 507 },
          { captcha: PLAN_CHALLENGE },
        ),
      );
      expect(planned).toMatchObject({ preorderID: preorderId });
      await b.keeper.stop();
    } finally {
      // The killed worker's Chromium is in its process group: make sure nothing is left behind.
      try {
        if (a.child.pid) process.kill(-a.child.pid, "SIGKILL");
      } catch {
        // Already gone.
      }
    }
  }, 180_000);

  it("a worker that stops (SIGTERM) frees its cabinets at once, with their sessions saved", async () => {
    const c = spawnWorker("worker-c");
    try {
      await eventually(async () => c.state.ready, 60_000, "worker C to start");
      const three = await connectedCabinet();
      expect(await holder(three.cabinetId)).toBe("worker-c");
      c.child.kill("SIGTERM");
      const code = await new Promise((resolve) => c.child.once("exit", resolve));
      expect(code, c.state.stderr).toBe(0);
      expect(await holder(three.cabinetId)).toBeUndefined();
      const row = await kit.db
        .selectFrom("portal_sessions")
        .selectAll()
        .where("cabinet_id", "=", three.cabinetId)
        .executeTakeFirstOrThrow();
      expect(row.state).toBe("ACTIVE");
      expect(row.storage_sealed).not.toBeNull();
    } finally {
      try {
        if (c.child.pid) process.kill(-c.child.pid, "SIGKILL");
      } catch {
        // Already gone.
      }
    }
  }, 120_000);
});

describe("a crashed browser or page", () => {
  it("is relaunched, and its cabinets reopened from their saved state without a new login", async () => {
    const { keeper, pool } = await kit.keeper("worker-crash", { leaseTtlMs: TTL_MS });
    const cab = await connectedCabinet();
    await eventually(
      async () => keeper.status().ready.includes(cab.cabinetId) || undefined,
      30_000,
      "crash worker to hold it",
    );

    // A renderer crash (the page only): the cabinet's context is reopened from its saved state.
    const first = pool.get(cab.cabinetId)?.context;
    await keeper
      .use(cab.cabinetId, async (portal) => (await portal.page.context().newCDPSession(portal.page)).send("Page.crash"))
      .catch(() => null);
    await eventually(
      async () =>
        (keeper.status().ready.includes(cab.cabinetId) && pool.get(cab.cabinetId)?.context !== first) || undefined,
      30_000,
      "the crashed page to be replaced",
    );

    // The whole browser: kill Chromium; the pool relaunches it.
    const before = pool.get(cab.cabinetId)?.context;
    const chromium = (await childPids()).filter((pid) => pid !== process.pid);
    expect(chromium.length).toBeGreaterThan(0);
    for (const pid of chromium) process.kill(pid, "SIGKILL");
    await eventually(
      async () =>
        (keeper.status().ready.includes(cab.cabinetId) && pool.get(cab.cabinetId)?.context !== before) || undefined,
      60_000,
      "Chromium to be relaunched and the cabinet reopened",
    );
    expect(kit.sandbox.control.logins(cab.wb.phone)).toBe(1);
    expect((await cab.as(`/api/cabinets/${cab.cabinetId}`)).body.cabinet.portal.state).toBe("ACTIVE");
    await keeper.stop();
  }, 180_000);
});
