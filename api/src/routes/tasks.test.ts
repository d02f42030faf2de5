import { changePlan } from "@slotpilot/db";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { json } from "../testing.ts";
import { sellerTestKit } from "./seller-test-kit.ts";

let kit: Awaited<ReturnType<typeof sellerTestKit>>;
let cabinetId: number;
let alice: ReturnType<typeof kit.as>;

beforeAll(async () => {
  kit = await sellerTestKit(inject("pgAdminUrl"));
  alice = kit.as(2001);
  const res = await alice("/api/cabinets", { method: "POST", body: { name: "Main", apiToken: kit.tokens.personal } });
  cabinetId = (await json(res)).cabinet.id;
});
afterAll(() => kit.close());

const preorder = (i: number) => kit.demo.preorders[i] ?? { preorderId: 0, warehouseId: 0 };
const base = (over: Record<string, unknown> = {}) => ({
  cabinetId,
  supply: { kind: "preorder", preorderId: preorder(0).preorderId },
  dateFrom: "2026-11-23",
  dateTo: "2026-11-30",
  maxCoefficient: 0,
  mode: "book",
  ...over,
});
const taskCount = () => kit.rows("booking_tasks");

describe("supplies", () => {
  it("lists the cabinet's unplanned supplies with their warehouse and box type, read from WB", async () => {
    const body = await json(await alice(`/api/supplies?cabinetId=${cabinetId}`));
    expect(body.preorders.map((p: { preorderId: number }) => p.preorderId).sort()).toEqual(
      kit.demo.preorders.map((p) => p.preorderId).sort(),
    );
    const first = body.preorders.find((p: { preorderId: number }) => p.preorderId === preorder(0).preorderId);
    expect(first).toMatchObject({ warehouseId: preorder(0).warehouseId, boxTypeId: 2 });
  });

  it("asks WB for a preorder's warehouse once: listing again costs one call of the cabinet's budget", async () => {
    const supplierId = kit.demo.cabinets[0]?.supplierId ?? 0;
    const wbCalls = () => kit.sandbox.control.requests(supplierId).filter((r) => r.path.includes("/supplies")).length;
    await alice(`/api/supplies?cabinetId=${cabinetId}`);
    const before = wbCalls();
    const again = await json(await alice(`/api/supplies?cabinetId=${cabinetId}`));
    expect(wbCalls() - before).toBe(1);
    // Still with every preorder's warehouse and box type.
    expect(again.preorders.find((p: { preorderId: number }) => p.preorderId === preorder(0).preorderId)).toMatchObject({
      warehouseId: preorder(0).warehouseId,
      boxTypeId: 2,
    });
  });

  it("does not show another organization's cabinet", async () => {
    expect((await kit.as(2666)(`/api/supplies?cabinetId=${cabinetId}`)).status).toBe(404);
  });
});

describe("booking tasks", () => {
  it("creates a task for a preorder at the warehouse WB fixed for it", async () => {
    const res = await alice("/api/tasks", {
      method: "POST",
      body: base({ skipDates: ["2026-11-25"], deadline: "2026-11-29T12:00:00+03:00" }),
    });
    expect(res.status).toBe(201);
    const { task } = await json(res);
    expect(task).toMatchObject({
      cabinetId,
      supply: { kind: "preorder", preorderId: preorder(0).preorderId },
      warehouseIds: [preorder(0).warehouseId],
      boxTypeId: 2,
      skipDates: ["2026-11-25"],
      deadline: "2026-11-29T09:00:00.000Z",
      status: "active",
      flapGuard: "first-sight",
    });
    expect((await json(await alice(`/api/tasks/${task.id}`))).task.id).toBe(task.id);
  });

  it("refuses a second live task for the same supply", async () => {
    const res = await alice("/api/tasks", { method: "POST", body: base() });
    expect(res.status).toBe(409);
    expect((await json(res)).error.code).toBe("task.supply_taken");
  });

  it.each([
    ["dates in the past", { dateFrom: "2026-11-20" }, 400, "task.date_in_past"],
    ["first date after last", { dateFrom: "2026-11-30", dateTo: "2026-11-24" }, 400, "task.date_order"],
    ["range over 30 days", { dateTo: "2026-12-23" }, 400, "task.range_too_long"],
    ["dates six months ahead", { dateFrom: "2027-06-01", dateTo: "2027-06-05" }, 400, "task.date_too_far"],
    ["a last date past the 60th day", { dateFrom: "2027-01-10", dateTo: "2027-01-20" }, 400, "task.date_too_far"],
    ["a skipped date outside", { skipDates: ["2026-12-24"] }, 400, "task.skip_outside_range"],
    [
      "every day skipped",
      { dateTo: "2026-11-24", skipDates: ["2026-11-23", "2026-11-24"] },
      400,
      "task.every_day_skipped",
    ],
    ["a deadline already passed", { deadline: "2026-11-20T10:00:00Z" }, 400, "task.deadline_in_past"],
    ["an impossible date", { dateTo: "2026-11-31" }, 400, "request.invalid"],
    ["a cap over 20", { maxCoefficient: 21 }, 400, "request.invalid"],
    ["an unknown mode", { mode: "snipe" }, 400, "request.invalid"],
    [
      "a preorder WB does not have",
      { supply: { kind: "preorder", preorderId: 999999999 } },
      404,
      "task.supply_not_found",
    ],
    ["someone else's cabinet", { cabinetId: 999999 }, 404, "cabinet.not_found"],
    [
      "a draft at an unknown warehouse",
      { supply: { kind: "draft", draftId: "d-1", warehouseIds: [507, 42] }, boxTypeId: 2 },
      400,
      "task.unknown_warehouse",
    ],
    [
      "a draft with an unknown box type",
      { supply: { kind: "draft", draftId: "d-1", warehouseIds: [507] }, boxTypeId: 3 },
      400,
      "task.unknown_box_type",
    ],
    [
      "a draft without a box type",
      { supply: { kind: "draft", draftId: "d-1", warehouseIds: [507] } },
      400,
      "task.unknown_box_type",
    ],
  ] as const)("%s → %i %s, nothing stored", async (_name, over, status, code) => {
    const before = await taskCount();
    const res = await kit.as(2001, "ru")("/api/tasks", {
      method: "POST",
      body: base({
        ...over,
        supply: (over as { supply?: unknown }).supply ?? { kind: "preorder", preorderId: preorder(1).preorderId },
      }),
    });
    expect(res.status).toBe(status);
    const body = await json(res);
    expect(body.error.code).toBe(code);
    expect(body.error.message).not.toMatch(/^errors\./);
    expect(await taskCount()).toBe(before);
  });

  it("creates a draft task over ranked candidate warehouses", async () => {
    const res = await alice("/api/tasks", {
      method: "POST",
      body: base({
        supply: { kind: "draft", draftId: "draft-7", warehouseIds: [117986, 507] },
        boxTypeId: 5,
        mode: "alert",
        flapGuard: "confirm",
      }),
    });
    expect(res.status).toBe(201);
    expect((await json(res)).task).toMatchObject({
      warehouseIds: [117986, 507],
      boxTypeId: 5,
      mode: "alert",
      flapGuard: "confirm",
    });
  });

  it("pauses with a reason, resumes, edits, and refuses edits once the task is over", async () => {
    const { tasks } = await json(await alice("/api/tasks"));
    const id = tasks.find((t: { supply: { kind: string } }) => t.supply.kind === "preorder").id;
    const paused = await json(
      await alice(`/api/tasks/${id}`, {
        method: "PATCH",
        body: { status: "paused", statusReason: "waiting for goods" },
      }),
    );
    expect(paused.task).toMatchObject({ status: "paused", statusReason: "waiting for goods" });
    const resumed = await json(
      await alice(`/api/tasks/${id}`, { method: "PATCH", body: { status: "active", maxCoefficient: 2 } }),
    );
    expect(resumed.task).toMatchObject({ status: "active", statusReason: null, maxCoefficient: 2 });
    const bad = await alice(`/api/tasks/${id}`, { method: "PATCH", body: { dateTo: "2026-11-22" } });
    expect((await json(bad)).error.code).toBe("task.date_order");

    await kit.api.db.updateTable("booking_tasks").set({ status: "booked" }).where("id", "=", id).execute();
    const late = await alice(`/api/tasks/${id}`, { method: "PATCH", body: { maxCoefficient: 5 } });
    expect(late.status).toBe(409);
    expect((await json(late)).error.code).toBe("task.not_editable");
  });

  it("keeps tasks inside their organization", async () => {
    const { tasks } = await json(await alice("/api/tasks"));
    const mallory = kit.as(2666);
    expect((await json(await mallory("/api/tasks"))).tasks).toEqual([]);
    expect((await mallory(`/api/tasks/${tasks[0].id}`)).status).toBe(404);
    expect((await mallory(`/api/tasks/${tasks[0].id}`, { method: "DELETE" })).status).toBe(404);
    expect((await alice(`/api/tasks/${tasks[0].id}`, { method: "DELETE" })).status).toBe(204);
    expect((await alice(`/api/tasks/${tasks[0].id}`)).status).toBe(404);
  });
});

describe("how far ahead a task may watch", () => {
  // A draft costs no WB call, so these stay clear of the cabinet's budget.
  const draft = (draftId: string) => ({ supply: { kind: "draft", draftId, warehouseIds: [507] }, boxTypeId: 2 });
  it("refuses dates beyond the 60th day from today, saying up to which day, beside the last date", async () => {
    // Today (Moscow) is 2026-11-21: its 60th day is 2027-01-19.
    const res = await alice("/api/tasks", {
      method: "POST",
      body: base({
        supply: { kind: "preorder", preorderId: preorder(1).preorderId },
        dateFrom: "2027-06-01",
        dateTo: "2027-06-05",
      }),
    });
    expect(res.status).toBe(400);
    expect((await json(res)).error).toEqual({
      code: "task.date_too_far",
      message: "The dates can be at most 60 days ahead, up to January 19.",
    });
    const ru = await kit.as(2001, "ru")("/api/tasks", {
      method: "POST",
      body: base({
        supply: { kind: "preorder", preorderId: preorder(1).preorderId },
        dateFrom: "2027-01-15",
        dateTo: "2027-01-20",
      }),
    });
    expect((await json(ru)).error.message).toBe("Даты — не дальше 60 дней вперёд, до 19 января включительно.");
  });

  it("accepts a range ending on the 60th day", async () => {
    const res = await alice("/api/tasks", {
      method: "POST",
      body: base({ ...draft("far-1"), dateFrom: "2027-01-10", dateTo: "2027-01-19" }),
    });
    expect(res.status).toBe(201);
    const { task } = await json(res);
    // Moving it further out is refused the same way.
    const moved = await alice(`/api/tasks/${task.id}`, { method: "PATCH", body: { dateTo: "2027-01-20" } });
    expect((await json(moved)).error.code).toBe("task.date_too_far");
    expect((await alice(`/api/tasks/${task.id}`, { method: "DELETE" })).status).toBe(204);
  });

  it("a running task whose first day has passed can still be edited; a start moved into the past cannot", async () => {
    const created = await alice("/api/tasks", {
      method: "POST",
      body: base(draft("running-1")),
    });
    const { task } = await json(created);
    // The task started yesterday (as if created then).
    await kit.api.db.updateTable("booking_tasks").set({ date_from: "2026-11-20" }).where("id", "=", task.id).execute();
    const edited = await alice(`/api/tasks/${task.id}`, { method: "PATCH", body: { maxCoefficient: 3 } });
    expect(edited.status).toBe(200);
    expect((await json(edited)).task).toMatchObject({ dateFrom: "2026-11-20", maxCoefficient: 3 });
    const back = await alice(`/api/tasks/${task.id}`, { method: "PATCH", body: { dateFrom: "2026-11-19" } });
    expect(back.status).toBe(400);
    expect((await json(back)).error).toEqual({
      code: "task.date_in_past",
      message: "The dates must not be in the past (today is November 21).",
    });
    expect((await alice(`/api/tasks/${task.id}`, { method: "DELETE" })).status).toBe(204);
  });
});

describe("a task needs a day to watch", () => {
  it("an edit that skips every day left is refused beside the skipped days; the task keeps its days", async () => {
    const { task } = await json(
      await alice("/api/tasks", {
        method: "POST",
        body: base({ supply: { kind: "draft", draftId: "skips-1", warehouseIds: [507] }, boxTypeId: 2 }),
      }),
    );
    // The task started yesterday (as if created then): the 20th is gone, the 21st (today) to the 30th are left.
    await kit.api.db.updateTable("booking_tasks").set({ date_from: "2026-11-20" }).where("id", "=", task.id).execute();
    const left = ["21", "22", "23", "24", "25", "26", "27", "28", "29", "30"].map((d) => `2026-11-${d}`);
    const res = await kit.as(2001, "ru")(`/api/tasks/${task.id}`, { method: "PATCH", body: { skipDates: left } });
    expect(res.status).toBe(400);
    expect((await json(res)).error).toEqual({
      code: "task.every_day_skipped",
      message: "Пропущены все дни диапазона — оставьте хотя бы один день, который Slotpilot будет отслеживать.",
    });
    expect((await json(await alice(`/api/tasks/${task.id}`))).task.skipDates).toEqual([]);
    // Leaving one day is enough.
    const one = await alice(`/api/tasks/${task.id}`, { method: "PATCH", body: { skipDates: left.slice(1) } });
    expect(one.status).toBe(200);
    expect((await alice(`/api/tasks/${task.id}`, { method: "DELETE" })).status).toBe(204);
  });
});

describe("alert tasks and booking-only options", () => {
  const alertTask = (over: Record<string, unknown> = {}) =>
    base({ supply: { kind: "draft", draftId: "alert-1", warehouseIds: [507] }, boxTypeId: 2, mode: "alert", ...over });

  it("refuses a dry run or a ruble cap on an alert, naming each field, and stores nothing", async () => {
    const before = await taskCount();
    const res = await kit.as(2001, "ru")("/api/tasks", {
      method: "POST",
      body: alertTask({ dryRun: true, maxCostRub: 500 }),
    });
    expect(res.status).toBe(400);
    const { error } = await json(res);
    expect(error.code).toBe("request.invalid");
    const message = "Это только для задачи, которая бронирует; оповещение ничего не бронирует.";
    expect(error.fields).toEqual([
      { field: "dryRun", code: "booking_only", message },
      { field: "maxCostRub", code: "booking_only", message },
    ]);
    expect(error.message).toBe(`Проверьте поле «dryRun»: ${message}`);
    expect(await taskCount()).toBe(before);
  });

  it("an alert may say them off", async () => {
    const res = await alice("/api/tasks", {
      method: "POST",
      body: alertTask({ dryRun: false, maxCostRub: null, replan: false }),
    });
    expect(res.status).toBe(201);
    const { task } = await json(res);
    // An edit cannot give it one either.
    const capped = await alice(`/api/tasks/${task.id}`, { method: "PATCH", body: { maxCostRub: 500 } });
    expect(capped.status).toBe(400);
    expect((await json(capped)).error.fields).toEqual([
      { field: "maxCostRub", code: "booking_only", message: "Only a task that books has this; an alert never books." },
    ]);
    expect((await json(await alice(`/api/tasks/${task.id}`))).task).toMatchObject({ maxCostRub: null, dryRun: false });
    expect((await alice(`/api/tasks/${task.id}`, { method: "DELETE" })).status).toBe(204);
  });

  it("switching a task that books to an alert drops its dry run and ruble cap", async () => {
    const res = await alice("/api/tasks", {
      method: "POST",
      body: alertTask({ mode: "book", dryRun: true, maxCostRub: 500 }),
    });
    expect(res.status).toBe(201);
    const { task } = await json(res);
    const switched = await alice(`/api/tasks/${task.id}`, { method: "PATCH", body: { mode: "alert" } });
    expect(switched.status).toBe(200);
    expect((await json(switched)).task).toMatchObject({
      mode: "alert",
      dryRun: false,
      maxCostRub: null,
      replan: false,
    });
    // Switching back books for real, with no cap, until one is set.
    const back = await alice(`/api/tasks/${task.id}`, { method: "PATCH", body: { mode: "book", maxCostRub: 800 } });
    expect((await json(back)).task).toMatchObject({ mode: "book", dryRun: false, maxCostRub: 800 });
    expect((await alice(`/api/tasks/${task.id}`, { method: "DELETE" })).status).toBe(204);
  });
});

describe("tasks and the plan", () => {
  it("after the trial, a new task and a resume are refused with the way to a plan; a grant lets them through", async () => {
    const { organization_id: org } = await kit.api.db
      .selectFrom("cabinets")
      .select("organization_id")
      .where("id", "=", cabinetId)
      .executeTakeFirstOrThrow();
    // Written directly: the WB sandbox's rate limit is spent by the tests above.
    const open = await kit.api.db
      .insertInto("booking_tasks")
      .values({
        organization_id: org,
        cabinet_id: cabinetId,
        supply_kind: "preorder",
        supply_id: String(preorder(1).preorderId),
        warehouse_ids: [preorder(1).warehouseId],
        box_type_id: 2,
        date_from: "2026-11-23",
        date_to: "2026-11-30",
        max_coefficient: 0,
        mode: "book",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await changePlan(kit.api.db, org, { type: "trial_ended", at: new Date() });
    await kit.api.db
      .updateTable("booking_tasks")
      .set({ status: "paused", status_reason: "trial_over" })
      .where("id", "=", open.id)
      .execute();
    const before = await taskCount();

    const created = await alice("/api/tasks", {
      method: "POST",
      body: base({ supply: { kind: "preorder", preorderId: preorder(2).preorderId } }),
    });
    expect(created.status).toBe(402);
    expect((await json(created)).error).toMatchObject({
      code: "plan.trial_over",
      message: expect.stringMatching(
        /^Your free trial is over\. Choose a plan \(from Start · 5\) or a booking pack in \/plan/,
      ),
    });
    const resumed = await alice(`/api/tasks/${open.id}`, { method: "PATCH", body: { status: "active" } });
    expect((await json(resumed)).error.code).toBe("plan.trial_over");
    expect(await taskCount()).toBe(before);

    await changePlan(kit.api.db, org, { type: "granted", plan: "start5", at: new Date(), byTelegramId: 1 });
    const again = await alice(`/api/tasks/${open.id}`, { method: "PATCH", body: { status: "active" } });
    expect((await json(again)).task).toMatchObject({ status: "active", statusReason: null });
  });
});

describe("re-plan", () => {
  it("re-plan: asked for at creation; a watching task can only have it turned off, which leaves it booked", async () => {
    const body = base({
      // A draft: its creation asks WB nothing (this file's token has spent its rate limit by now).
      supply: { kind: "draft", draftId: "draft-replan", warehouseIds: [507] },
      boxTypeId: 2,
      replan: true,
    });
    // Re-plan is a Pro feature: refused on a smaller plan, with the plan to upgrade to, and nothing made.
    const before = await taskCount();
    const refused = await alice("/api/tasks", { method: "POST", body });
    expect(refused.status).toBe(402);
    expect((await json(refused)).error).toMatchObject({ code: "plan.feature_required" });
    expect(await taskCount()).toBe(before);
    const { organization_id: org } = await kit.api.db
      .selectFrom("booking_tasks")
      .select("organization_id")
      .limit(1)
      .executeTakeFirstOrThrow();
    await changePlan(kit.api.db, org, { type: "granted", plan: "pro25", at: new Date(), byTelegramId: 1 });
    const res = await alice("/api/tasks", {
      method: "POST",
      // A draft: its creation asks WB nothing (this file's token has spent its rate limit by now).
      body: base({
        supply: { kind: "draft", draftId: "draft-replan", warehouseIds: [507] },
        boxTypeId: 2,
        replan: true,
      }),
    });
    const { task, error } = await json(res);
    expect(error).toBeUndefined();
    expect(task).toMatchObject({ replan: true, planned: null, status: "active" });
    // The booker booked it at ×3 and it watches for a better day.
    await kit.api.db
      .updateTable("booking_tasks")
      .set({
        status: "watching",
        planned_warehouse_id: 507,
        planned_date: "2026-11-27",
        planned_coefficient: 3,
      })
      .where("id", "=", task.id)
      .execute();
    expect((await json(await alice(`/api/tasks/${task.id}`))).task).toMatchObject({
      status: "watching",
      planned: { warehouseId: 507, date: "2026-11-27", coefficient: 3 },
    });
    const edit = await alice(`/api/tasks/${task.id}`, { method: "PATCH", body: { maxCoefficient: 1 } });
    expect((await json(edit)).error.code).toBe("task.not_editable");
    const off = await json(await alice(`/api/tasks/${task.id}`, { method: "PATCH", body: { replan: false } }));
    expect(off.task).toMatchObject({ status: "booked", replan: false, maxCoefficient: 0 });
  });
});

describe("a task's supply reads as it is written", () => {
  it("what GET returns as `supply` can be sent back to POST as it is", async () => {
    const draft = { kind: "draft", draftId: "draft-round-trip", warehouseIds: [507, 117986] };
    const created = await json(
      await alice("/api/tasks", { method: "POST", body: base({ supply: draft, boxTypeId: 2 }) }),
    );
    const { task } = await json(await alice(`/api/tasks/${created.task.id}`));
    expect(task.supply).toEqual(draft);
    expect((await alice(`/api/tasks/${task.id}`, { method: "DELETE" })).status).toBe(204);

    const again = await alice("/api/tasks", { method: "POST", body: base({ supply: task.supply, boxTypeId: 2 }) });
    expect(again.status).toBe(201);
    expect((await json(again)).task.supply).toEqual(task.supply);
  });

  it("a preorder's supply reads with its number, as POST takes it", async () => {
    const { tasks } = await json(await alice("/api/tasks"));
    const preorderTask = tasks.find((t: { supply: { kind: string } }) => t.supply.kind === "preorder");
    expect(preorderTask.supply).toEqual({ kind: "preorder", preorderId: expect.any(Number) });
  });
});
