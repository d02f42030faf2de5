import { createTestApi } from "@slotpilot/api/testing";
import { type DemoSeed, type Sandbox, seedDemo, startSandbox } from "@slotpilot/sandbox";
import type { InputFile } from "grammy";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { inProcessBot, TestChat, tasksOf as tasksOfUser } from "../testing.ts";

/**
 * A book task's dry run and ruble cap, set in `/new` and in the edit flow, and the bookings the
 * booker made for it — listed from the task card, with the screenshot of a failure sent as a photo.
 * The bookings are written as the booker writes them (its own tests drive it against the sandbox).
 */
let sandbox: Sandbox;
let demo: DemoSeed;
let api: Awaited<ReturnType<typeof createTestApi>>;
let nextUser = 8100;

/** A 1×1 PNG: the portal page a failed booking left behind. */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, autoRun: false, startTime: new Date() });
  demo = seedDemo(sandbox);
  api = await createTestApi(inject("pgAdminUrl"), { mode: "live", wbHosts: sandbox.hosts });
  await api.db
    .insertInto("warehouses")
    .values([
      { id: 507, name: "Коледино" },
      { id: 120762, name: "Электросталь" },
    ])
    .execute();
});
afterAll(async () => {
  await api.close();
  await sandbox.close();
});
/** WB's supplies budget refills with the sandbox's clock, which stands still here. */
beforeEach(() => sandbox.control.advance(60_000));

const tasksOf = (telegramId: number) => tasksOfUser(api, telegramId);

/** A day `days` from today in Moscow, and as the bot writes it ("5 Dec", «5 дек.»). */
const day = (days: number) => new Date(Date.now() + 3 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
const spoken = (date: string, locale: "en" | "ru") =>
  new Intl.DateTimeFormat(locale === "ru" ? "ru-RU" : "en-GB", {
    day: "numeric",
    month: "short",
    timeZone: "UTC",
  }).format(new Date(`${date}T00:00:00Z`));

/** What the seller reads and presses, in their language (Russian groups digits with no-break spaces). */
const WORDS = {
  en: {
    next7: "Next 7 days",
    done: "Done ✓",
    noSkips: "No days to skip",
    cap2: "Up to ×2",
    costPrompt: /^The most you pay for acceptance, in rubles\?/,
    costInvalid: "⚠️ That is not a sum in rubles: type a whole number from 0 to 10,000,000, or tap “No cap”.",
    sum: "2 500 ₽",
    modePrompt: /^When a fitting slot opens, should I book it or only alert you\?/,
    dryRun: "🧪 Dry run (nothing is booked)",
    summaryCost: "Acceptance cost: up to 2,500 ₽",
    summaryMode: "Mode: 🧪 Dry run (nothing is booked)",
    create: "✅ Create task",
    bookings: "📦 Bookings",
    header: (id: number) => `📦 Task #${id}: 3 bookings, newest first.`,
    missed: (date: string) =>
      `1. ⚠️ missed — Коледино, ${date}, ×2, 3,000 ₽\n    The acceptance cost was over your ruble limit for this task.`,
    failed: (date: string) =>
      `2. ⛔ failed — Коледино, ${date}, free, cost not known\n    The supply no longer exists in your WB cabinet.`,
    dry: (date: string) => `3. 🧪 dry run, nothing booked — Коледино, ${date}, ×1, 150 ₽`,
    shot: "🖼 Screenshot 1",
    lastEvent: (date: string) => new RegExp(`\\n• .+ — 🧪 dry run, nothing booked: Коледино, ${date}, ×1`),
    startedEvent: (date: string) => new RegExp(`\\n• .+ — ⚡ booking started: Коледино, ${date}, ×1`),
    back: "◀ Back to the task",
    caption: (date: string) =>
      `🖼 The WB portal page when booking Коледино, ${date} failed. The acceptance cost was over your ruble limit for this task.`,
  },
  ru: {
    next7: "Ближайшие 7 дней",
    done: "Готово ✓",
    noSkips: "Ничего не пропускать",
    cap2: "До ×2",
    costPrompt: /^Сколько вы готовы заплатить за приёмку, в рублях\?/,
    costInvalid: "⚠️ Это не сумма в рублях: напишите целое число от 0 до 10\u00a0000\u00a0000 или нажмите «Без лимита».",
    sum: "2500 руб.",
    modePrompt: /^Когда откроется подходящий слот — бронировать его или только уведомить вас\?/,
    dryRun: "🧪 Пробный прогон (без брони)",
    summaryCost: "Стоимость приёмки: до 2\u00a0500 ₽",
    summaryMode: "Режим: 🧪 Пробный прогон (без брони)",
    create: "✅ Создать задачу",
    bookings: "📦 Бронирования",
    header: (id: number) => `📦 Задача #${id}: 3 бронирования, сначала новые.`,
    missed: (date: string) =>
      `1. ⚠️ упущено — Коледино, ${date}, ×2, 3\u00a0000 ₽\n    Стоимость приёмки выше вашего лимита в рублях для этой задачи.`,
    failed: (date: string) =>
      `2. ⛔ не удалось — Коледино, ${date}, бесплатно, стоимость неизвестна\n    Этой поставки больше нет в вашем кабинете WB.`,
    dry: (date: string) => `3. 🧪 пробный прогон, без брони — Коледино, ${date}, ×1, 150 ₽`,
    shot: "🖼 Снимок 1",
    lastEvent: (date: string) => new RegExp(`\\n• .+ — 🧪 пробный прогон, без брони: Коледино, ${date}, ×1`),
    startedEvent: (date: string) => new RegExp(`\\n• .+ — ⚡ бронирование начато: Коледино, ${date}, ×1`),
    back: "◀ К задаче",
    caption: (date: string) =>
      `🖼 Страница кабинета WB, когда бронирование Коледино, ${date} не удалось. Стоимость приёмки выше вашего лимита в рублях для этой задачи.`,
  },
} as const;

/** Writes bookings of a task as the booker ends them: a dry run, a failure without a picture, a miss with one. */
async function booked(taskId: number) {
  const task = await api.db.selectFrom("booking_tasks").where("id", "=", taskId).selectAll().executeTakeFirstOrThrow();
  const base = {
    task_id: task.id,
    organization_id: task.organization_id,
    cabinet_id: task.cabinet_id,
    warehouse_id: 507,
    box_type_id: 2,
    priority: 0,
    attempts: 1,
    strategy: "rpc" as const,
    finished_at: new Date(),
  };
  const rows = await api.db
    .insertInto("bookings")
    .values([
      { ...base, opening: "a", date: day(2), coefficient: 1, status: "dry_run", acceptance_cost: "150" },
      { ...base, opening: "b", date: day(3), coefficient: 0, status: "failed", reason: "booking.supply_gone" },
      {
        ...base,
        opening: "c",
        date: day(4),
        coefficient: 2,
        status: "missed",
        reason: "booking.cost_over_cap",
        acceptance_cost: "3000",
        screenshot: PNG,
      },
    ])
    .returning(["id", "status", "date", "coefficient"])
    .execute();
  // The booker's timeline events for the dry run (started, then its end), as the card's last events show them.
  const dry = rows.find((r) => r.status === "dry_run");
  const details = JSON.stringify({
    bookingId: dry?.id,
    warehouseId: 507,
    date: dry?.date,
    coefficient: dry?.coefficient,
  });
  for (const kind of ["booking_started", "booking_dry_run"])
    await api.db
      .insertInto("task_events")
      .values({ task_id: task.id, organization_id: task.organization_id, kind, details })
      .execute();
}

describe.each(["en", "ru"] as const)("a dry run with a ruble cap, and its bookings (%s)", (locale) => {
  const w = WORDS[locale];

  it("/new asks the ruble cap (a bad sum explained), offers a dry run, shows both; the card lists the bookings and sends a failure's screenshot", async () => {
    const chat = new TestChat(inProcessBot(api), ++nextUser, locale);
    await chat.connectByToken(demo.cabinets[0]?.tokens.personal ?? "");
    sandbox.control.advance(60_000);

    await chat.send("/new");
    await chat.press(/^№\d+ · Коледино/);
    await chat.press(w.next7);
    await chat.press(w.done);
    await chat.press(w.noSkips);
    await chat.press(w.cap2);
    expect(chat.last()).toMatch(w.modePrompt);
    await chat.press(w.dryRun);
    // A task that books is asked its ruble cap next.
    expect(chat.last()).toMatch(w.costPrompt);
    await chat.send("cheap");
    expect(chat.screen().at(-2)?.text).toBe(w.costInvalid);
    expect(chat.last()).toMatch(w.costPrompt);
    await chat.send(w.sum);
    expect(chat.last()).toContain(w.summaryCost);
    expect(chat.last()).toContain(w.summaryMode);
    await chat.press(w.create);
    const [task] = await tasksOf(chat.userId);
    expect(task).toMatchObject({ mode: "book", dry_run: true, max_cost_rub: 2500, max_coefficient: 2 });
    const id = task?.id ?? 0;

    await booked(id);
    await chat.send("/tasks");
    await chat.press(new RegExp(`^🟢 #${id} · Коледино`));
    expect(chat.last()).toContain(w.summaryCost);
    expect(chat.last()).toContain(w.summaryMode);
    expect(chat.last()).toMatch(w.lastEvent(spoken(day(2), locale)));
    expect(chat.last()).toMatch(w.startedEvent(spoken(day(2), locale)));
    expect(chat.last()).not.toContain("booking_");

    await chat.press(w.bookings);
    expect(chat.last()).toBe(
      [
        w.header(id),
        "",
        w.missed(spoken(day(4), locale)),
        w.failed(spoken(day(3), locale)),
        w.dry(spoken(day(2), locale)),
      ].join("\n"),
    );
    // A button for the one failure with a picture; none for the failure without one.
    expect(chat.lastButtons()).toEqual([w.shot, w.back]);

    await chat.press(w.shot);
    const photo = chat.callsOf("sendPhoto").at(-1);
    expect(photo?.payload.caption).toBe(w.caption(spoken(day(4), locale)));
    const sent = Buffer.from((await (photo?.payload.photo as InputFile | undefined)?.toRaw()) as Uint8Array);
    expect(sent.equals(PNG)).toBe(true);
    expect(chat.screen().at(-1)?.photo).toBe(true);
  });
});

/** A new seller with the demo cabinet, in `/new` for its Электросталь preorder, the next 7 days, no days skipped: the price steps next. */
async function newTaskUpToItsPrice(): Promise<TestChat> {
  const chat = new TestChat(inProcessBot(api), ++nextUser, "en");
  await chat.connectByToken(demo.cabinets[0]?.tokens.personal ?? "");
  sandbox.control.advance(60_000);
  await chat.send("/new");
  await chat.press(/^№\d+ · Электросталь/);
  await chat.press("Next 7 days");
  await chat.press("Done ✓");
  await chat.press("No days to skip");
  return chat;
}

describe("re-plan in /new", () => {
  it("is offered as a mode; on a plan without it the refusal is explained and the mode asked again", async () => {
    const chat = await newTaskUpToItsPrice();
    await chat.press("Up to ×2");
    await chat.press("📅 Book, then move to a better day (Pro · 25 and up)");
    await chat.press("No cap");
    expect(chat.last()).toContain("Mode: 📅 Book, then move to a better day (Pro · 25 and up)");
    await chat.press("✅ Create task");
    // The free trial has no re-plan: said in words, and back at the mode step.
    expect(chat.screen().at(-2)?.text).toMatch(/is not in your plan/);
    expect(chat.last()).toMatch(/book/i);
    expect(await tasksOf(chat.userId)).toEqual([]);
    // Fixed, it goes straight back to the summary: the ruble cap given before still stands.
    await chat.press("🤖 Book automatically");
    expect(chat.last()).toContain("Mode: 🤖 Book automatically");
    expect(chat.last()).toContain("Acceptance cost: no cap");
    await chat.press("✅ Create task");
    expect(await tasksOf(chat.userId)).toMatchObject([{ mode: "book", dry_run: false, max_cost_rub: null }]);
  });
});

describe("editing a task's ruble cap and mode", () => {
  it("drops the cap and turns the dry run off", async () => {
    const chat = await newTaskUpToItsPrice();
    await chat.press("Free only (×0)");
    await chat.press("🧪 Dry run (nothing is booked)");
    await chat.press("Up to 5,000 ₽");
    await chat.press("✅ Create task");
    const id = (await tasksOf(chat.userId))[0]?.id ?? 0;

    await chat.send("/tasks");
    await chat.press(new RegExp(`^🟢 #${id} `));
    await chat.press("📦 Bookings");
    expect(chat.last()).toBe(
      `📦 Task #${id} has no bookings yet. They appear here when a fitting slot opens and I try to book it.`,
    );
    await chat.press("◀ Back to the task");
    await chat.press("✏️ Edit");
    await chat.press("Ruble cap");
    await chat.send("-5");
    expect(chat.screen().at(-2)?.text).toMatch(/^⚠️ That is not a sum in rubles/);
    await chat.press("No cap");
    expect(chat.last()).toMatch(/^✅ Saved\./);
    expect(chat.last()).toContain("Acceptance cost: no cap");
    await chat.press("Mode");
    await chat.press("🤖 Book automatically");
    expect(chat.last()).toContain("Mode: 🤖 Book automatically");
    await chat.press("Done ✓");
    expect((await tasksOf(chat.userId))[0]).toMatchObject({ max_cost_rub: null, dry_run: false, mode: "book" });
  });
});

describe("an alert task", () => {
  it("is never asked a ruble cap, and neither its summary, its card nor its edit menu shows one", async () => {
    const chat = await newTaskUpToItsPrice();
    await chat.press("Up to ×2");
    await chat.press("🔔 Alert only");
    // Straight to the summary: an alert pays nothing.
    expect(chat.last()).toMatch(/Mode: 🔔 Alert only/);
    expect(chat.last()).not.toContain("Acceptance cost");
    await chat.press("✅ Create task");
    const [task] = await tasksOf(chat.userId);
    expect(task).toMatchObject({ mode: "alert", max_cost_rub: null });

    await chat.send("/tasks");
    await chat.press(new RegExp(`^🟢 #${task?.id} `));
    expect(chat.last()).toContain("Mode: 🔔 Alert only");
    expect(chat.last()).not.toContain("Acceptance cost");
    await chat.press("✏️ Edit");
    expect(chat.lastButtons()).not.toContain("Ruble cap");
    // Switched to booking, the cap can be set.
    await chat.press("Mode");
    await chat.press("🤖 Book automatically");
    expect(chat.lastButtons()).toContain("Ruble cap");
    expect(chat.last()).toContain("Acceptance cost: no cap");
  });
});
