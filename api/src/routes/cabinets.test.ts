import { changePlan } from "@slotpilot/db";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { json } from "../testing.ts";
import { sellerTestKit } from "./seller-test-kit.ts";

let kit: Awaited<ReturnType<typeof sellerTestKit>>;
beforeAll(async () => {
  kit = await sellerTestKit(inject("pgAdminUrl"));
});
afterAll(() => kit.close());

const count = () => kit.rows("cabinets");

describe("cabinets", () => {
  it("connects a Personal token: checked against WB, stored encrypted, never shown again", async () => {
    const alice = kit.as(1001);
    const res = await alice("/api/cabinets", {
      method: "POST",
      body: { name: "Main", apiToken: kit.tokens.personal, monitorOptIn: true },
    });
    expect(res.status).toBe(201);
    const body = await json(res);
    expect(body).toMatchObject({ cabinet: { name: "Main", tokenType: "personal", monitorOptIn: true }, warnings: [] });

    const stored = await kit.api.db.selectFrom("cabinets").selectAll().executeTakeFirstOrThrow();
    expect(stored.token_sealed?.toString("latin1")).not.toContain(kit.tokens.personal.slice(-20));
    expect(stored.wb_account_id).toBe(kit.demo.cabinets[0]?.supplierId);
    const list = await json(await alice("/api/cabinets"));
    expect(JSON.stringify(list)).not.toContain(kit.tokens.personal.slice(-20));
    expect(list.cabinets).toHaveLength(1);
    expect(list.monitorOptInExplained).toMatch(/at most 6 times a minute/);
  });

  it("warns, in the seller's language, that a Basic token reads the feed once an hour, and keeps it out of the monitor", async () => {
    const res = await kit.as(1002, "ru")("/api/cabinets", {
      method: "POST",
      body: { name: "Base", apiToken: kit.tokens.basic, monitorOptIn: true },
    });
    expect(res.status).toBe(201);
    const body = await json(res);
    expect(body.cabinet).toMatchObject({ tokenType: "basic", monitorOptIn: false });
    expect(body.warnings[0]).toMatch(/^Это Базовый токен/);
  });

  it("refuses a second cabinet on the trial, naming the plan that connects more, storing nothing", async () => {
    const before = await count();
    const res = await kit.as(1001)("/api/cabinets", {
      method: "POST",
      body: { name: "Second", apiToken: kit.tokens.basic },
    });
    expect(res.status).toBe(402);
    expect((await json(res)).error).toEqual({
      code: "plan.cabinet_limit",
      message:
        "Your plan (Free trial) connects at most 1 WB cabinet. Basic · 10 connects more: upgrade in /plan (in the app: “Plan and usage”).",
    });
    expect(await count()).toBe(before);
  });

  it("refuses a token WB does not know, a duplicate token and a duplicate name, storing nothing", async () => {
    const before = await count();
    const alice = kit.as(1001);
    // Room for a second cabinet: what is refused here is the token and the name, not the plan.
    const owner = await kit.api.db.selectFrom("cabinets").select("organization_id").executeTakeFirstOrThrow();
    await changePlan(kit.api.db, owner.organization_id, {
      type: "granted",
      plan: "basic10",
      at: new Date(),
      byTelegramId: 1,
    });
    // Too short to be a token at all: said the way the bot says it, with what a WB token looks like.
    for (const [locale, words] of [
      ["en", "That is not a WB API token: a token is one long line (hundreds of characters) that starts with “eyJ”."],
      ["ru", "Это не API-токен WB: токен — одна длинная строка (сотни символов), которая начинается с «eyJ»."],
    ] as const) {
      const short = await kit.as(1001, locale)("/api/cabinets", {
        method: "POST",
        body: { name: "Short", apiToken: "abc-not-a-token-xyz" },
      });
      expect(short.status).toBe(400);
      expect((await json(short)).error.fields).toEqual([
        { field: "apiToken", code: "wb_token", message: expect.stringContaining(words) },
      ]);
    }
    const bad = await alice("/api/cabinets", { method: "POST", body: { name: "Typo", apiToken: "x".repeat(40) } });
    expect(bad.status).toBe(400);
    expect((await json(bad)).error).toMatchObject({
      code: "cabinet.token_invalid",
      message: expect.stringMatching(/did not accept/),
    });
    const again = await alice("/api/cabinets", {
      method: "POST",
      body: { name: "Other", apiToken: kit.tokens.personal },
    });
    expect(again.status).toBe(409);
    expect((await json(again)).error.message).toBe("This token is already connected as cabinet “Main”.");
    const sameName = await alice("/api/cabinets", {
      method: "POST",
      body: { name: "Main", apiToken: kit.tokens.basic },
    });
    expect((await json(sameName)).error.code).toBe("cabinet.name_taken");
    expect(await count()).toBe(before);
  });

  it("answers 503 and stores nothing while WB fails", async () => {
    const before = await count();
    kit.sandbox.control.setFaults({ errorRate: 1 });
    try {
      const res = await kit.as(1003)("/api/cabinets", {
        method: "POST",
        body: { name: "Later", apiToken: kit.tokens.personal },
      });
      expect(res.status).toBe(503);
      expect((await json(res)).error.code).toBe("wb.unavailable");
    } finally {
      kit.sandbox.control.setFaults({ errorRate: 0 });
    }
    expect(await count()).toBe(before);
  });

  it("keeps organizations apart: another seller can neither see, change nor delete a cabinet", async () => {
    const mine = (await json(await kit.as(1001)("/api/cabinets"))).cabinets[0];
    const mallory = kit.as(1666);
    expect((await json(await mallory("/api/cabinets"))).cabinets).toEqual([]);
    expect((await mallory(`/api/cabinets/${mine.id}`, { method: "PATCH", body: { name: "Stolen" } })).status).toBe(404);
    expect((await mallory(`/api/cabinets/${mine.id}`, { method: "DELETE" })).status).toBe(404);
    expect((await json(await kit.as(1001)("/api/cabinets"))).cabinets[0].name).toBe("Main");
  });

  it("renames, toggles the monitor and deletes", async () => {
    const alice = kit.as(1001);
    const id = (await json(await alice("/api/cabinets"))).cabinets[0].id;
    const renamed = await json(
      await alice(`/api/cabinets/${id}`, { method: "PATCH", body: { name: "Main 2", monitorOptIn: false } }),
    );
    expect(renamed.cabinet).toMatchObject({ name: "Main 2", monitorOptIn: false });
    expect((await alice(`/api/cabinets/${id}`, { method: "DELETE" })).status).toBe(204);
    expect((await json(await alice("/api/cabinets"))).cabinets).toEqual([]);
  });
});
