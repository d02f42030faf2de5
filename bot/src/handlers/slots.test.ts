import { createTestApi } from "@slotpilot/api/testing";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { sellerWithCabinet } from "../testing.ts";

/** The pictures the bot drew, as SVG: what the seller reads on them. */
const drawn = vi.hoisted(() => [] as string[]);
vi.mock("../slots-picture/to-png.ts", async (original) => {
  const real = await original<typeof import("../slots-picture/to-png.ts")>();
  return {
    svgToPng: (svg: string) => {
      drawn.push(svg);
      return real.svgToPng(svg);
    },
  };
});

let api: Awaited<ReturnType<typeof createTestApi>>;
beforeAll(async () => {
  api = await createTestApi(inject("pgAdminUrl"), { mode: "demo" });
  await api.db
    .insertInto("warehouses")
    .values([
      { id: 507, name: "Коледино" },
      { id: 120762, name: "Электросталь" },
      { id: 117986, name: "Казань" },
      { id: 206348, name: "Тула" },
    ])
    .onConflict((oc) => oc.column("id").doNothing())
    .execute();
});
afterAll(() => api.close());

const BOXES = 2;
const MONOPALLETS = 5;
const day = (offset: number) => new Date(Date.now() + 3 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);

/** Every line of text on a picture, top to bottom: title, subtitle, the days, the rows, the legend. */
const textsOf = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);

describe("/slots", () => {
  it("draws each warehouse in the box type of the seller's own task for it, booked tasks' too", async () => {
    const userId = 4801;
    const { chat, organizationId: organization_id, cabinetId } = await sellerWithCabinet(api, userId, "en");
    const task = (n: number, warehouse: number, boxType: number, status: "active" | "booked") => ({
      organization_id,
      cabinet_id: cabinetId,
      supply_kind: "preorder" as const,
      supply_id: String(4_801_000 + n),
      warehouse_ids: [warehouse],
      box_type_id: boxType,
      date_from: day(1),
      date_to: day(7),
      max_coefficient: 2,
      mode: "alert" as const,
      status,
    });
    // Most tasks ship monopallets; the one at Коледино ships boxes; the one at Тула is booked already.
    await api.db
      .insertInto("booking_tasks")
      .values([
        task(1, 117986, MONOPALLETS, "active"),
        task(2, 120762, MONOPALLETS, "active"),
        task(3, 507, BOXES, "active"),
        task(4, 206348, MONOPALLETS, "booked"),
      ])
      .execute();
    const cell = (warehouse: number, boxType: number, coefficient: number) => ({
      warehouse_id: warehouse,
      date: day(1),
      box_type_id: boxType,
      coefficient,
      allow_unload: true,
      since: new Date(),
      seen_at: new Date(),
    });
    // Коледино: free for boxes, dear for monopallets. Тула: cheap for monopallets.
    await api.db
      .insertInto("slot_cells")
      .values([cell(507, BOXES, 0), cell(507, MONOPALLETS, 7), cell(206348, MONOPALLETS, 1)])
      .execute();

    await chat.send("/slots");
    expect(chat.callsOf("sendPhoto").at(-1)?.payload.caption).toBe("Open now: 2 open cells at ×2 or less.");
    const texts = textsOf(drawn.at(-1) ?? "");
    expect(texts[0]).toBe("Slots · each warehouse in your task’s box type");
    // Each row: the warehouse, its box type beneath, then the labels of its open cells.
    const rows = texts.slice(2 + 2 * 14, -5);
    expect(rows).toEqual(
      expect.arrayContaining(["Коледино", "Казань", "Электросталь", "Тула", "Boxes", "Monopallets", "0", "×1"]),
    );
    const row = (name: string) => rows.slice(rows.indexOf(name), rows.indexOf(name) + 3);
    expect(row("Коледино")).toEqual(["Коледино", "Boxes", "0"]);
    expect(row("Тула")).toEqual(["Тула", "Monopallets", "×1"]);
    // Коледино's monopallet coefficient is not the seller's business: their task there ships boxes.
    expect(rows).not.toContain("×7");
  });

  it("with one box type in use, names it in the title and nowhere else", async () => {
    const userId = 4802;
    const { chat, organizationId: organization_id, cabinetId } = await sellerWithCabinet(api, userId, "ru");
    await api.db
      .insertInto("booking_tasks")
      .values({
        organization_id,
        cabinet_id: cabinetId,
        supply_kind: "preorder",
        supply_id: "4802001",
        warehouse_ids: [507],
        box_type_id: BOXES,
        date_from: day(1),
        date_to: day(7),
        max_coefficient: 2,
        mode: "alert",
        status: "active",
      })
      .execute();
    await chat.send("/slots");
    const texts = textsOf(drawn.at(-1) ?? "");
    expect(texts[0]).toBe("Слоты · Короба");
    expect(texts.slice(2 + 2 * 14, -5)).toEqual(["Коледино", "0"]);
  });
});
