import { createTestApi } from "@slotpilot/api/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { inProcessBot, sellerWithCabinet, type TestChat } from "../testing.ts";

let api: Awaited<ReturnType<typeof createTestApi>>;
beforeAll(async () => {
  api = await createTestApi(inject("pgAdminUrl"), { mode: "demo" });
  await api.db
    .insertInto("warehouses")
    .values([{ id: 507, name: "Коледино" }])
    .onConflict((oc) => oc.column("id").doNothing())
    .execute();
});
afterAll(() => api.close());

const DRAFT = "319557b0-5f5b-4b4e-9093-cffc0361a659";
const PREORDER = 4_811_001;

/**
 * The cabinet's supplies as WB would list them (a draft comes from the portal session, which a
 * test has none of): one preorder at Коледино in boxes, one draft made on 2 December with no goods.
 */
const supplies = async (request: Request, next: (request: Request) => Promise<Response>) =>
  new URL(request.url).pathname === "/api/supplies"
    ? Response.json({
        preorders: [
          { preorderId: PREORDER, createdAt: null, warehouseId: 507, boxTypeId: 2, warehouseName: "Коледино" },
        ],
        drafts: [{ draftId: DRAFT, createdAt: "2025-12-02T10:00:00Z", goodQuantity: 0 }],
        sources: { preorders: "api", drafts: "portal" },
        warnings: [],
      })
    : next(request);

/** A seller whose organization has one cabinet, "WB 1", connected (no WB behind it: supplies are stubbed). */

/** The warning the bot sent just before asking again. */
const warning = (chat: TestChat) => chat.screen().at(-2)?.text;

describe("/new with a draft, in English", () => {
  it("names the draft by its date everywhere; huge numbers are never echoed rounded; 0 ₽ is said to mean free slots only", async () => {
    const { chat } = await sellerWithCabinet(api, 4601, "en", inProcessBot(api, { apiFetch: supplies }));
    await chat.send("/new");
    expect(chat.lastButtons()).toContain("Draft of 2 Dec · 0 items · 319557b0…");
    await chat.press("Draft of 2 Dec · 0 items · 319557b0…");
    await chat.press("Коледино");
    await chat.press("Done (1) ✓");
    await chat.press("Boxes");
    await chat.press("Next 7 days");
    await chat.press("Done ✓");
    await chat.press("No days to skip");

    // A number far past WB's highest coefficient: said so, and never as a different number.
    await chat.send("99999999999999999999");
    expect(warning(chat)).toBe(
      "⚠️ That is above the highest coefficient WB sets (×20): type a whole number from 0 to 20.",
    );
    expect(chat.screen().some((m) => m.text.includes("100000000000000000000"))).toBe(false);
    await chat.send("25");
    expect(warning(chat)).toBe(
      "⚠️ ×25 is above the highest coefficient WB sets (×20): type a whole number from 0 to 20.",
    );
    await chat.send("3");
    await chat.press("🤖 Book automatically");

    // Past the highest ruble cap: too large, not "not a sum".
    await chat.send("10000001");
    expect(warning(chat)).toBe(
      "⚠️ That is more than 10,000,000 ₽, the highest cap there is: type a smaller sum, or tap “No cap”.",
    );
    await chat.send("99999999999999999999 ₽");
    expect(warning(chat)).toMatch(/^⚠️ That is more than 10,000,000 ₽/);

    // 0 ₽ beside "up to ×3": only free slots can fit, and the seller is told so at once and in the summary.
    await chat.send("0");
    expect(warning(chat)).toBe(
      "ℹ️ 0 ₽ — free slots only: a paid slot (up to ×3) costs more than that, so it will not be booked.",
    );
    expect(chat.last()).toMatch(/^Check the task:/);
    expect(chat.last()).toContain("Supply: Draft of 2 Dec · 0 items · 319557b0…");
    expect(chat.last()).not.toContain(DRAFT);
    expect(chat.last()).toContain("Acceptance: Up to ×3");
    expect(chat.last()).toContain("Acceptance cost: 0 ₽ — free slots only");
  });
});

describe("the ruble cap, in Russian", () => {
  it("says a sum past the highest cap is too large, grouped as the bot writes rubles, and what 0 ₽ means", async () => {
    const { chat } = await sellerWithCabinet(api, 4602, "ru", inProcessBot(api, { apiFetch: supplies }));
    await chat.send("/new");
    await chat.press(`№${PREORDER} · Коледино · Короба`);
    await chat.press("Ближайшие 7 дней");
    await chat.press("Готово ✓");
    await chat.press("Ничего не пропускать");
    await chat.press("До ×2");
    await chat.press("🤖 Бронировать автоматически");
    await chat.send("10000001");
    expect(warning(chat)).toBe(
      "⚠️ Это больше 10\u00a0000\u00a0000 ₽ — наибольшего лимита: напишите сумму поменьше или нажмите «Без лимита».",
    );
    await chat.send("0 ₽");
    expect(warning(chat)).toBe(
      "ℹ️ 0 ₽ — только бесплатные слоты: платный слот (до ×2) стоит дороже, и бронировать его я не буду.",
    );
    expect(chat.last()).toContain("Стоимость приёмки: 0 ₽ — только бесплатные слоты");
  });
});

describe("a draft task's card", () => {
  it("names the draft by the start of its id, never the whole id", async () => {
    const { chat, organizationId, cabinetId } = await sellerWithCabinet(
      api,
      4603,
      "en",
      inProcessBot(api, { apiFetch: supplies }),
    );
    const task = await api.db
      .insertInto("booking_tasks")
      .values({
        organization_id: organizationId,
        cabinet_id: cabinetId,
        supply_kind: "draft",
        supply_id: DRAFT,
        warehouse_ids: [507],
        box_type_id: 2,
        date_from: new Date(Date.now() + 86_400_000 * 2).toISOString().slice(0, 10),
        date_to: new Date(Date.now() + 86_400_000 * 9).toISOString().slice(0, 10),
        max_coefficient: 0,
        mode: "alert",
        status: "paused",
        status_reason: "by_seller",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await chat.send("/tasks");
    await chat.press(new RegExp(`#${task.id} `));
    expect(chat.last()).toContain("Supply: Draft · 319557b0…");
    expect(chat.last()).not.toContain(DRAFT);
  });
});
