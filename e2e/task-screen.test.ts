import type { Locator, Page } from "playwright";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openMiniapp } from "./miniapp-harness.ts";

/**
 * Booking tasks in the Mini App: the list on Home and the screen a slot alert's "Open task" button
 * opens at `/tasks/<id>`. Tasks are written straight into the database; creating them in the app
 * comes later.
 */
const SCREENSHOT = "/tmp/miniapp-task.png";
/** `POST /dev/session`'s default demo user. */
const DEMO_TELEGRAM_ID = 100_000_001;
const KOLEDINO = 507;
/** A warehouse the calendar has never listed: the app shows its number. */
const UNLISTED = 117_986;

let app: Awaited<ReturnType<typeof openMiniapp>>;
let page: Page;

beforeAll(async () => {
  app = await openMiniapp(inject("pgAdminUrl"));
  page = app.page;
});

afterAll(async () => {
  await app?.close();
});

/** A calendar day `days` after today (UTC), as the API writes days. */
const dayAfter = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const dayOfMonth = (day: string) => String(Number(day.slice(8)));

/** The value beside a label on the task screen (`<dt>label</dt><dd>value</dd>`). */
const fact = (label: string): Locator =>
  page
    .locator(".fact")
    .filter({ has: page.getByRole("term").getByText(label, { exact: true }) })
    .getByRole("definition");

async function seedTasks() {
  const { db } = app.api;
  const { organization_id: organizationId } = await db
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .where("users.telegram_id", "=", DEMO_TELEGRAM_ID)
    .select("memberships.organization_id")
    .executeTakeFirstOrThrow();
  // The calendar names a warehouse it has cells for.
  await db.insertInto("warehouses").values({ id: KOLEDINO, name: "Koledino" }).execute();
  await db
    .insertInto("slot_cells")
    .values({
      warehouse_id: KOLEDINO,
      date: dayAfter(1),
      box_type_id: 2,
      coefficient: 0,
      allow_unload: true,
      since: new Date(),
      seen_at: new Date(),
    })
    .execute();
  const cabinet = await db
    .insertInto("cabinets")
    .values({
      organization_id: organizationId,
      name: "Main",
      token_sealed: Buffer.from("not a real token"),
      token_fingerprint: "e2e-fingerprint",
      token_type: "personal",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const base = { organization_id: organizationId, cabinet_id: cabinet.id };
  const preorder = await db
    .insertInto("booking_tasks")
    .values({
      ...base,
      supply_kind: "preorder",
      supply_id: "987654",
      warehouse_ids: [KOLEDINO],
      box_type_id: 2,
      date_from: dayAfter(3),
      date_to: dayAfter(9),
      skip_dates: [dayAfter(5)],
      max_coefficient: 0,
      mode: "book",
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const draft = await db
    .insertInto("booking_tasks")
    .values({
      ...base,
      supply_kind: "draft",
      supply_id: "draft-e2e",
      warehouse_ids: [KOLEDINO, UNLISTED],
      box_type_id: 5,
      date_from: dayAfter(4),
      date_to: dayAfter(6),
      max_coefficient: 3,
      deadline: new Date(Date.now() + 6 * 86_400_000),
      mode: "alert",
      status: "paused",
      status_reason: "by_seller",
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { preorder, draft };
}

describe("booking tasks in the Mini App", () => {
  it("lists tasks on Home, opens one, deep-links to another and says when a task is not found", async () => {
    // The demo user and their organization exist once the app has signed in.
    await page.goto(app.url);
    await app.heading("Hello, Demo!").waitFor();
    await page
      .getByText("No booking tasks yet. Create one: pick a supply, the days and the price you accept.")
      .waitFor();
    const { preorder, draft } = await seedTasks();

    // Home lists both, with warehouse names from the calendar and each task's status.
    await page.reload();
    const preorderRow = page.getByRole("button", { name: /Preorder №987654/ });
    await preorderRow.waitFor();
    await page.getByRole("button", { name: /^Koledino.*Preorder №987654.*Active/ }).waitFor();
    await page.getByRole("button", { name: /^Koledino \+1.*Draft.*Paused/ }).waitFor();

    // Tapping a row opens its task.
    await preorderRow.click();
    await app.heading(`Booking task #${preorder.id}`).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/tasks/${preorder.id}`);
    await fact("Warehouses").getByText("Koledino").waitFor();
    expect(await fact("Supply").textContent()).toBe("Preorder №987654");
    expect(await fact("Box type").textContent()).toBe("Boxes");
    expect(await fact("Mode").textContent()).toBe("Book automatically");
    expect(await fact("Acceptance").textContent()).toBe("Free only");
    expect(await fact("Acceptance cost").textContent()).toBe("No cap");
    expect(await fact("Deadline").textContent()).toBe("None");
    const dates = await fact("Dates").textContent();
    expect(dates).toContain(dayOfMonth(preorder.date_from));
    expect(dates).toContain(dayOfMonth(preorder.date_to));
    expect(await fact("Skipped dates").textContent()).toContain(dayOfMonth(dayAfter(5)));
    await page.getByText("Active", { exact: true }).waitFor();
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    // Back returns Home through the history.
    const back = page.getByRole("button", { name: "Back" });
    await back.click();
    await app.heading("Hello, Demo!").waitFor();
    expect(new URL(page.url()).pathname).toBe("/");

    // A deep link, as the alert's button opens it, survives a reload; Back then goes to the parent.
    await page.goto(`${app.url}/tasks/${draft.id}`);
    await app.heading(`Booking task #${draft.id}`).waitFor();
    await page.reload();
    await app.heading(`Booking task #${draft.id}`).waitFor();
    await fact("Warehouses").getByText("Koledino").waitFor();
    await fact("Warehouses").getByText(`№${UNLISTED}`).waitFor();
    expect(await fact("Supply").textContent()).toBe("Draft · draft-e2e");
    expect(await fact("Box type").textContent()).toBe("Monopallets");
    expect(await fact("Mode").textContent()).toBe("Alert only");
    expect(await fact("Acceptance").textContent()).toBe("Up to ×3");
    // An alert pays nothing: no ruble cap on its screen.
    expect(await fact("Acceptance cost").count()).toBe(0);
    expect(await fact("Deadline").textContent()).not.toBe("None");
    await page.getByText("Paused", { exact: true }).waitFor();
    await page.getByText("Reason: paused by you").waitFor();
    await back.click();
    await app.heading("Hello, Demo!").waitFor();
    expect(new URL(page.url()).pathname).toBe("/");
    await back.waitFor({ state: "detached" });

    // Someone else's task, or none at all: the API's localized message, and a way home.
    await page.goto(`${app.url}/tasks/999999`);
    await app.heading("Task not found").waitFor();
    await page.getByText("No such booking task.").waitFor();
    await page.getByRole("button", { name: "Open the task list" }).click();
    await app.heading("Hello, Demo!").waitFor();

    expect(app.pageErrors).toEqual([]);
  });

  it("in Russian: a book task's facts and its bookings — outcome, reason, cost in rubles, a dry run's note", async () => {
    const { db } = app.api;
    const task = await db
      .selectFrom("booking_tasks")
      .where("supply_id", "=", "987654")
      .select(["id", "organization_id", "cabinet_id"])
      .executeTakeFirstOrThrow();
    await db.updateTable("booking_tasks").set({ max_cost_rub: 2500 }).where("id", "=", task.id).execute();
    const booking = (
      n: number,
      over: { coefficient: number; status: "missed" | "dry_run"; reason?: string; acceptance_cost: string },
    ) => ({
      task_id: task.id,
      organization_id: task.organization_id,
      cabinet_id: task.cabinet_id,
      opening: `ru-${n}`,
      warehouse_id: KOLEDINO,
      date: dayAfter(3 + n),
      box_type_id: 2,
      priority: 0,
      created_at: new Date(Date.now() - (10 - n) * 60_000),
      finished_at: new Date(Date.now() - (10 - n) * 60_000),
      ...over,
    });
    await db
      .insertInto("bookings")
      .values([
        booking(1, { coefficient: 2, status: "missed", reason: "booking.cost_over_cap", acceptance_cost: "3000" }),
        booking(3, { coefficient: 0, status: "dry_run", acceptance_cost: "1234.5" }),
      ])
      .execute();

    await page.goto(`${app.url}/settings`);
    await page.getByText("Русский").click();
    await app.heading("Настройки").waitFor();
    await page.goto(`${app.url}/tasks/${task.id}`);
    await app.heading(`Задача №${task.id}`).waitFor();
    expect(await fact("Стоимость приёмки").textContent()).toBe("До 2\u00a0500 ₽");

    const item = (text: string) => page.locator(".timeline-item").filter({ hasText: text });
    const missed = item("Упущено: Koledino");
    await missed.getByText("Стоимость приёмки выше вашего лимита в рублях для этой задачи.").waitFor();
    await missed.getByText("Стоимость приёмки: 3\u00a0000 ₽").waitFor();
    expect(await missed.textContent()).toContain("×2");
    // When it happened: on WB's Moscow clock, as the bot shows it, whatever the phone's zone.
    expect(await missed.textContent()).toMatch(/\d{1,2} [а-я]+\.?, \d{2}:\d{2} МСК/);
    const dry = item("Пробный прогон: забронировали бы Koledino");
    await dry.getByText("Ничего не забронировано.").waitFor();
    await dry.getByText("Стоимость приёмки: 1\u00a0234,5 ₽").waitFor();
    expect(await dry.textContent()).toContain("бесплатно");
    await page.screenshot({ path: "/tmp/miniapp-task-ru.png", fullPage: true });
    expect(app.pageErrors).toEqual([]);
  });
});
