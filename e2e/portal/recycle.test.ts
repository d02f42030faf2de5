import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { eventually, type SessionKit, sessionKit } from "./kit.ts";

let kit: SessionKit;
beforeAll(async () => {
  kit = await sessionKit(inject("pgAdminUrl"));
});
afterAll(() => kit?.close());

describe("recycling browser contexts", () => {
  it("past the memory limit, every context is reopened from its saved state: sessions kept, no new login", async () => {
    // A limit every worker is past: the keeper recycles as soon as it holds a session.
    const { keeper, pool } = await kit.keeper("worker-recycle", { memoryLimitBytes: 1, memoryEveryMs: 1_000 });
    const wb = kit.sandbox.control.createSeller();
    const as = kit.as(9700);
    const { body } = await as("/api/cabinets", { method: "POST", body: { name: "Recycled" } });
    const cabinetId: number = body.cabinet.id;
    await as(`/api/cabinets/${cabinetId}/login`, { method: "POST", body: { phone: wb.phone } });
    await as(`/api/cabinets/${cabinetId}/login/code`, {
      method: "POST",
      body: { code: kit.sandbox.control.smsCode(wb.phone) },
    });
    // The context the session is warm in now (a recycle may already be under way: take a settled one).
    const first = await eventually(
      async () => (keeper.status().ready.includes(cabinetId) && pool.get(cabinetId)?.context) || undefined,
      30_000,
      "a warm context",
    );

    await eventually(
      async () => (keeper.status().ready.includes(cabinetId) && pool.get(cabinetId)?.context !== first) || undefined,
      60_000,
      "the context to be recycled",
    );
    expect((await as(`/api/cabinets/${cabinetId}`)).body.cabinet.portal).toMatchObject({
      state: "ACTIVE",
      error: null,
    });
    expect(kit.sandbox.control.logins(wb.phone)).toBe(1);
    // The recycled page is a working session: the portal answers through it.
    expect((await as(`/api/supplies?cabinetId=${cabinetId}`)).status).toBe(200);
  }, 90_000);
});
