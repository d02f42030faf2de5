import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { json } from "../testing.ts";
import { sellerTestKit } from "./seller-test-kit.ts";

let kit: Awaited<ReturnType<typeof sellerTestKit>>;
let org: number;
let cabinetId: number;
const SELLER = 2501;

beforeAll(async () => {
  kit = await sellerTestKit(inject("pgAdminUrl"));
  ({ cabinetId, organizationId: org } = await kit.connectCabinet(SELLER));
});
afterAll(() => kit.close());

const task = async (status: "booking" | "booked" | "watching" | "moving" | "expired" | "failed") =>
  (
    await kit.api.db
      .insertInto("booking_tasks")
      .values({
        organization_id: org,
        cabinet_id: cabinetId,
        supply_kind: "draft",
        supply_id: `d-${status}`,
        warehouse_ids: [507],
        box_type_id: 2,
        date_from: "2026-11-23",
        date_to: "2026-11-30",
        max_coefficient: 0,
        mode: "book",
        status,
      })
      .returning("id")
      .executeTakeFirstOrThrow()
  ).id;

describe("a task that can no longer be changed", () => {
  it.each([
    ["booking", "Задача бронирует слот — изменить её нельзя.", "This task is booking a slot, so it cannot be changed."],
    [
      "booked",
      "Задача уже забронирована — изменить её нельзя.",
      "This task is already booked, so it cannot be changed.",
    ],
    [
      "watching",
      "Задача уже забронирована и ищет день лучше — изменить её нельзя.",
      "This task is already booked and watching for a better day, so it cannot be changed.",
    ],
    [
      "moving",
      "Задача переносится на день лучше — изменить её нельзя.",
      "This task is being moved to a better day, so it cannot be changed.",
    ],
    ["expired", "Задача истекла — изменить её нельзя.", "This task has expired, so it cannot be changed."],
    ["failed", "Задача не удалась — изменить её нельзя.", "This task has failed, so it cannot be changed."],
  ] as const)("%s: says so in the seller's words, never as its code", async (status, ru, en) => {
    const id = await task(status);
    for (const [locale, message] of [
      ["ru", ru],
      ["en", en],
    ] as const) {
      const res = await kit.as(SELLER, locale)(`/api/tasks/${id}`, { method: "PATCH", body: { maxCoefficient: 3 } });
      expect(res.status).toBe(409);
      expect((await json(res)).error).toEqual({ code: "task.not_editable", message });
    }
  });
});
