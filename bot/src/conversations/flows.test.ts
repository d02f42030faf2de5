import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createTestApi, LIVE_BOT_TOKEN } from "@slotpilot/api/testing";
import { deliverKeptSupport } from "@slotpilot/db";
import { signInitData } from "@slotpilot/domain";
import { translator } from "@slotpilot/locales";
import { type DemoSeed, type Sandbox, seedDemo, startSandbox } from "@slotpilot/sandbox";
import type { InputFile } from "grammy";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it, vi } from "vitest";
import { inProcessBot, TestChat, tasksOf as tasksOfUser } from "../testing.ts";

let sandbox: Sandbox;
let demo: DemoSeed;
let api: Awaited<ReturnType<typeof createTestApi>>;
let nextUser = 7000;
const ADMIN = 6999;
/** Pictures a person may look at; the folder is ignored by git. */
const SCREENSHOTS = fileURLToPath(new URL("../../../screenshots", import.meta.url));

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, autoRun: false, startTime: new Date() });
  demo = seedDemo(sandbox);
  api = await createTestApi(inject("pgAdminUrl"), {
    mode: "live",
    wbHosts: sandbox.hosts,
    env: { ADMIN_TELEGRAM_IDS: String(ADMIN) },
  });
  await api.db
    .insertInto("warehouses")
    .values([
      { id: 507, name: "Коледино" },
      { id: 120762, name: "Электросталь" },
      { id: 117986, name: "Казань" },
    ])
    .execute();
});
afterAll(async () => {
  await api.close();
  await sandbox.close();
});
beforeEach(() => {
  refill();
});
afterEach(() => {
  vi.useRealTimers();
});

/** WB's supplies budget (burst 10) refills with the sandbox's clock, which stands still here. */
const refill = () => sandbox.control.advance(60_000);

const token = () => demo.cabinets[0]?.tokens.personal ?? "";
const firstPreorder = () => demo.preorders[0]?.preorderId ?? 0;
const tasksOf = (telegramId: number) => tasksOfUser(api, telegramId);

/** A seller who went through the language choice and connected the demo cabinet by token. */
async function connectedSeller(languageCode: "en" | "ru") {
  const chat = new TestChat(inProcessBot(api), ++nextUser, languageCode);
  await chat.connectByToken(token());
  refill();
  return chat;
}

describe("/support with no admin in the bot yet", () => {
  it("keeps the message, tells the seller so, and delivers it once an admin has opened the bot", async () => {
    // First in this file: the configured admin has not opened the bot yet, so no user is an admin.
    expect(await api.db.selectFrom("users").where("role", "=", "admin").select("id").execute()).toEqual([]);
    const seller = new TestChat(inProcessBot(api), ++nextUser, "en");
    await seller.send("/support");
    await seller.send("Is there a slot on Sunday?");
    expect(seller.last()).toBe(
      "✅ Saved. No one on the team can read it in Telegram just yet: it will reach them as soon as someone can, and the answer will come here, in this chat. No need to send it again.",
    );
    const kept = async () =>
      (await api.db.selectFrom("notifications").where("kind", "=", "support.message").selectAll().execute())
        .filter((n) => n.payload.text === "Is there a slot on Sunday?")
        .map((n) => ({ chat_id: n.chat_id }));
    expect(await kept()).toEqual([]);

    // The admin opens the bot; the workers' next delivery run brings them the message.
    await new TestChat(inProcessBot(api), ADMIN, "en").send("/start");
    expect(await deliverKeptSupport(api.db)).toBe(1);
    expect(await kept()).toEqual([{ chat_id: ADMIN }]);
  });
});

describe("/start for a seller who set up elsewhere", () => {
  it("shows the menu straight away, in Telegram's language, instead of asking the language or a cabinet again", async () => {
    const chat = new TestChat(inProcessBot(api), ++nextUser, "en");
    // Set up in the Mini App: a cabinet connected there, no language ever chosen in the bot.
    const initData = signInitData({ user: { id: chat.userId, first_name: "Mini" } }, LIVE_BOT_TOKEN);
    const created = await api.app.request("/api/cabinets", {
      method: "POST",
      headers: { authorization: `tma ${initData}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "WB 1", apiToken: token() }),
    });
    expect(created.status).toBe(201);
    await chat.send("/start");
    expect(chat.screen().map((m) => m.text)).toEqual([translator("en")("bot.menu")]);
    expect(chat.lastButtons()).toContain("➕ New task");
    // The language stays one command away.
    await chat.send("/language");
    expect(chat.last()).toBe("Choose your language:");
  });
});

describe("onboarding (/start for a new seller), in Russian", () => {
  it("language → what Slotpilot does → a cabinet by token (the token's message is deleted) → the first task", async () => {
    const chat = new TestChat(inProcessBot(api), ++nextUser, "ru");
    await chat.send("/start");
    expect(chat.last()).toMatch(/^Здравствуйте, Олег!/);
    expect(chat.lastButtons()).toEqual(["Русский", "English", "✕ Отмена"]);

    await chat.press("Русский");
    expect(chat.last()).toMatch(/^Вот что делает Slotpilot:/);
    expect(
      chat
        .last()
        .split("\n")
        .filter((l) => l.startsWith("•")),
    ).toHaveLength(3);
    await chat.press("🔗 Подключить кабинет WB");
    expect(chat.last()).toMatch(/^Как подключить кабинет WB\?/);
    await chat.press("🔑 API-токен");
    expect(chat.last()).toMatch(/^Вставьте API-токен WB/);

    // A token WB does not accept is explained, and the question stays.
    await chat.send("not-a-token-at-all");
    const texts = chat.screen().map((m) => m.text);
    expect(texts.some((t) => t.startsWith("⚠️"))).toBe(true);
    expect(chat.last()).toMatch(/^Вставьте API-токен WB/);
    // Something too short to be a token is said to be no token, not measured against a field's length.
    await chat.send("abc.def");
    expect(chat.screen().at(-2)?.text).toBe(
      "⚠️ Это не API-токен WB: токен — одна длинная строка (сотни символов), которая начинается с «eyJ». Создайте его в личном кабинете WB (Настройки → Доступ к API) и вставьте целиком.",
    );
    expect(chat.last()).toMatch(/^Вставьте API-токен WB/);

    await chat.send(token());
    expect(chat.callsOf("deleteMessage").length).toBeGreaterThanOrEqual(2);
    expect(chat.screen().some((m) => m.text === "✅ Кабинет «WB 1» подключён.")).toBe(true);
    expect(chat.last()).toMatch(/^Теперь первая задача/);

    await chat.press("➕ Создать первую задачу");
    expect(chat.last()).toMatch(/^Какую поставку бронировать\?/);
    expect(chat.lastButtons()).toContain(`№${firstPreorder()} · Коледино · Короба`);
    await chat.press(`№${firstPreorder()} · Коледино · Короба`);
    expect(chat.last()).toMatch(/^Какие дни\?/);
    await chat.press("Ближайшие 7 дней");
    await chat.press("Готово ✓");
    expect(chat.last()).toMatch(/^Какие дни в этом диапазоне пропустить\?/);
    await chat.press("Ничего не пропускать");

    // A coefficient that is not one is explained; the question comes again.
    await chat.send("дёшево");
    expect(chat.screen().at(-2)?.text).toBe("⚠️ Это не коэффициент: напишите целое число от 0 до 20.");
    expect(chat.last()).toMatch(/^Максимальный коэффициент приёмки\?/);
    await chat.send("×3");
    await chat.press("🔔 Только уведомлять");
    expect(chat.last()).toMatch(/^Проверьте задачу:/);
    expect(chat.last()).toContain(`Поставка: Заказ №${firstPreorder()}`);
    expect(chat.last()).toContain("Приёмка: До ×3");
    await chat.press("✅ Создать задачу");

    const [task] = await tasksOf(chat.userId);
    expect(task).toMatchObject({
      supply_id: String(firstPreorder()),
      max_coefficient: 3,
      mode: "alert",
      skip_dates: [],
    });
    expect(chat.last()).toBe(`✅ Задача #${task?.id} создана. Слежу за слотами и напишу, когда подойдёт.`);
    expect(chat.lastButtons()).toEqual(["📱 Открыть в приложении", "📋 Мои задачи"]);
  });
});

describe("/new, in English", () => {
  it("Back returns to the previous step on the same message; Cancel saves nothing", async () => {
    const chat = await connectedSeller("en");
    await chat.send("/new");
    const supply = chat.screen().at(-1);
    expect(supply?.text).toMatch(/^Which supply should I book\?/);
    // The first step has no Back.
    expect(chat.lastButtons()).not.toContain("◀ Back");
    await chat.press(/^№\d+ · Коледино/);
    expect(chat.last()).toMatch(/^Which days\?/);
    expect(chat.screen().at(-1)?.id).toBe(supply?.id);
    await chat.press("◀ Back");
    expect(chat.last()).toMatch(/^Which supply should I book\?/);
    await chat.press(/^№\d+ · Электросталь/);
    await chat.press("Next 14 days");
    await chat.press("Done ✓");
    await chat.press("✕ Cancel");
    expect(chat.last()).toBe("Cancelled. Nothing was saved.");
    expect(await tasksOf(chat.userId)).toEqual([]);
    // The prompt's buttons are gone: nothing on screen still acts on the cancelled flow.
    expect(
      chat
        .screen()
        .flatMap((m) => m.buttons.flat())
        .filter((b) => b.callback_data?.startsWith("f:")),
    ).toEqual([]);
  });

  it("picks a range and skipped days on the calendar", async () => {
    const chat = await connectedSeller("en");
    await chat.send("/new");
    await chat.press(/^№\d+ · Коледино/);
    const selectable = () =>
      chat
        .screen()
        .at(-1)
        ?.buttons.flat()
        .filter((b) => /^f:day:/.test(b.callback_data ?? "")) ?? [];
    // Late in a month, the next one has the days to pick.
    if (selectable().length < 3) await chat.press("›");
    const days = selectable();
    const first = days?.[0];
    const third = days?.[2];
    if (!first || !third) throw new Error("no days on the calendar");
    await chat.press(first.text);
    await chat.press(third.text);
    expect(chat.lastButtons()).toContain(`[${first.text}]`);
    expect(chat.lastButtons()).toContain(`[${third.text}]`);
    await chat.press("Done ✓");
    expect(chat.last()).toMatch(/^Any days in that range to skip\?/);
    const middle = selectable()[1];
    if (!middle) throw new Error("no middle day");
    await chat.press(middle.text);
    expect(chat.lastButtons()).toContain(`✕${middle.text}`);
    await chat.press("Done ✓");
    await chat.press("Free only (×0)");
    await chat.press("🤖 Book automatically");
    await chat.press("No cap");
    expect(chat.last()).toMatch(/Skipped: /);
    await chat.press("✅ Create task");
    const [task] = await tasksOf(chat.userId);
    expect(task?.skip_dates).toEqual([middle.callback_data?.slice("f:day:".length)]);
    expect(task?.mode).toBe("book");
    // A booking task starts its live status message (the notifier edits it as the booking moves).
    const statuses = await api.db
      .selectFrom("notifications")
      .where("kind", "=", "task.status")
      .where("chat_id", "=", chat.userId)
      .select("payload")
      .execute();
    expect(statuses.map((s) => s.payload)).toEqual([{ taskId: task?.id, phase: "searching" }]);
  });

  it("a refusal from the API is shown and the user is taken back to the step it concerns", async () => {
    const chat = await connectedSeller("en");
    for (const round of [1, 2]) {
      refill();
      await chat.send("/new");
      await chat.press(/^№\d+ · Казань/);
      await chat.press("Next 7 days");
      await chat.press("Done ✓");
      await chat.press("No days to skip");
      await chat.press("Up to ×1");
      await chat.press("🔔 Alert only");
      await chat.press("✅ Create task");
      if (round === 2) {
        expect(chat.screen().at(-2)?.text).toBe("⚠️ A booking task for this supply already exists.");
        expect(chat.last()).toMatch(/^Which supply should I book\?/);
      }
    }
    expect(await tasksOf(chat.userId)).toHaveLength(1);
  });

  it("another command ends the flow and is handled as usual; unknown commands and free text get a short answer", async () => {
    const chat = await connectedSeller("en");
    await chat.send("/new");
    await chat.send("/help");
    expect(chat.last()).toMatch(/^Slotpilot watches Wildberries/);
    await chat.send("hello there");
    expect(chat.last()).toBe(
      "I work with commands and buttons: /new creates a task, /tasks shows yours, /slots what is open. /help has the rest.",
    );
    await chat.send("/frobnicate");
    expect(chat.last()).toBe("I don’t know /frobnicate. /help lists what I can do.");
    // `/cancel` stops a flow; with none running it says there is nothing to stop.
    await chat.send("/cancel");
    expect(chat.last()).toBe("There is nothing to cancel right now.");
    await chat.send("/new");
    await chat.send("/cancel");
    expect(chat.last()).toBe("Cancelled. Nothing was saved.");
  });

  it("a flow left waiting for more than 30 minutes ends politely with the next update", async () => {
    const chat = await connectedSeller("en");
    await chat.send("/new");
    const prompt = chat.screen().at(-1);
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 31 * 60_000 });
    await chat.press(/^№\d+ · Коледино/);
    const texts = chat.screen().map((m) => m.text);
    expect(texts).toContain(
      "I put aside what we were doing: it waited for more than 30 minutes. Start again whenever you like.",
    );
    // The old prompt lost its buttons; nothing of the flow is left in the database.
    expect(chat.screen().find((m) => m.id === prompt?.id)?.buttons).toEqual([]);
    const state = await api.db
      .selectFrom("bot_conversations")
      .where("key", "=", `conversation:${chat.userId}`)
      .selectAll()
      .execute();
    expect(state).toEqual([]);
  });

  it("a half-finished flow survives a restart of the bot (its state is in PostgreSQL)", async () => {
    const chat = await connectedSeller("en");
    await chat.send("/new");
    await chat.press(/^№\d+ · Коледино/);
    chat.switchBot(inProcessBot(api));
    await chat.press("Next 7 days");
    expect(chat.last()).toMatch(/^Which days\?[\s\S]*Chosen: /);
  });
});

/** `/new` in English: an alert task for the Коледино preorder, the next 7 days, free only. */
async function alertTaskAtKoledino(chat: TestChat) {
  await chat.send("/new");
  await chat.press(/^№\d+ · Коледино/);
  await chat.press("Next 7 days");
  await chat.press("Done ✓");
  await chat.press("No days to skip");
  await chat.press("Free only (×0)");
  await chat.press("🔔 Alert only");
  await chat.press("✅ Create task");
  const [task] = await tasksOf(chat.userId);
  return task;
}

describe("/tasks, in both languages", () => {
  it("lists tasks; a card pauses, resumes, edits (with an invalid answer) and deletes", async () => {
    const chat = await connectedSeller("en");
    const task = await alertTaskAtKoledino(chat);
    const id = task?.id ?? 0;

    await chat.send("/tasks");
    expect(chat.last()).toBe("Your tasks (1 task, 1 active). Tap one to see it:");
    await chat.press(new RegExp(`^🟢 #${id} · Коледино`));
    expect(chat.last()).toMatch(new RegExp(`^🟢 Task #${id} — active`));
    expect(chat.last()).toMatch(/Last events \(Moscow time\):\n• .* — created/);

    await chat.press("⏸ Pause");
    expect(chat.last()).toMatch(new RegExp(`^⏸ Task #${id} — paused`));
    expect(chat.last()).toMatch(/— paused\n/);
    await chat.press("▶ Resume");
    expect(chat.last()).toMatch(new RegExp(`^🟢 Task #${id} — active`));

    await chat.press("✏️ Edit");
    expect(chat.last()).toMatch(new RegExp(`^Editing task #${id}`));
    expect(chat.last()).toContain("Cabinet: WB 1");
    await chat.press("Coefficient");
    await chat.send("25");
    expect(chat.screen().at(-2)?.text).toBe(
      "⚠️ ×25 is above the highest coefficient WB sets (×20): type a whole number from 0 to 20.",
    );
    await chat.send("5");
    expect(chat.last()).toMatch(/^✅ Saved\./);
    expect(chat.last()).toContain("Acceptance: Up to ×5");
    await chat.press("Done ✓");
    expect((await tasksOf(chat.userId))[0]?.max_coefficient).toBe(5);

    await chat.press("Open the task");
    await chat.press("🗑 Delete");
    expect(chat.last()).toBe(`Delete task #${id}? It stops watching at once.`);
    await chat.press("🗑 Yes, delete");
    expect(chat.last()).toBe("No tasks yet. Create one: /new");
    expect(await tasksOf(chat.userId)).toEqual([]);
  });

  it("Cancel in an edit says that what was saved stays, and it does", async () => {
    const chat = await connectedSeller("en");
    const task = await alertTaskAtKoledino(chat);
    await chat.send("/tasks");
    await chat.press(new RegExp(`^🟢 #${task?.id} · Коледино`));
    await chat.press("✏️ Edit");
    // Nothing saved yet: Cancel says so.
    await chat.press("✕ Cancel");
    expect(chat.last()).toBe("Cancelled. Nothing was saved.");

    await chat.send("/tasks");
    await chat.press(new RegExp(`^🟢 #${task?.id} · Коледино`));
    await chat.press("✏️ Edit");
    await chat.press("Coefficient");
    await chat.send("4");
    expect(chat.last()).toMatch(/^✅ Saved\./);
    await chat.press("Coefficient");
    await chat.press("✕ Cancel");
    expect(chat.last()).toBe("Stopped. The changes marked “✅ Saved.” stay; the one you were making was not saved.");
    expect((await tasksOf(chat.userId))[0]?.max_coefficient).toBe(4);
  });

  it("counts tasks with Russian plural forms", async () => {
    const chat = await connectedSeller("ru");
    for (const place of ["Коледино", "Электросталь", "Казань"]) {
      refill();
      await chat.send("/new");
      await chat.press(new RegExp(`^№\\d+ · ${place}`));
      await chat.press("Ближайшие 7 дней");
      await chat.press("Готово ✓");
      await chat.press("Ничего не пропускать");
      await chat.press("Только бесплатно (×0)");
      await chat.press("🔔 Только уведомлять");
      await chat.press("✅ Создать задачу");
    }
    await chat.send("/tasks");
    expect(chat.last()).toBe("Ваши задачи (3 задачи, 3 активные). Нажмите, чтобы открыть:");
  });
});

describe("/slots", () => {
  it("sends a picture of the calendar at the seller's warehouses, with a button to the full calendar", async () => {
    const chat = await connectedSeller("en");
    await chat.send("/new");
    await chat.press(/^№\d+ · Коледино/);
    await chat.press("Next 7 days");
    await chat.press("Done ✓");
    await chat.press("No days to skip");
    await chat.press("Up to ×2");
    await chat.press("🔔 Alert only");
    await chat.press("✅ Create task");
    const tomorrow = new Date(Date.now() + 3 * 3_600_000 + 86_400_000).toISOString().slice(0, 10);
    await api.db
      .insertInto("slot_cells")
      .values({
        warehouse_id: 507,
        date: tomorrow,
        box_type_id: 2,
        coefficient: 0,
        allow_unload: true,
        since: new Date(),
        seen_at: new Date(),
      })
      .onConflict((oc) =>
        oc.columns(["warehouse_id", "date", "box_type_id"]).doUpdateSet({ coefficient: 0, allow_unload: true }),
      )
      .execute();

    await chat.send("/slots");
    const photo = chat.callsOf("sendPhoto").at(-1);
    expect(photo?.payload.caption).toBe("Open now: 1 open cell at ×2 or less.");
    const png = Buffer.from((await (photo?.payload.photo as InputFile | undefined)?.toRaw()) as Uint8Array);
    expect(png.subarray(1, 4).toString()).toBe("PNG");
    expect(png.length).toBeGreaterThan(10_000);
    mkdirSync(SCREENSHOTS, { recursive: true });
    writeFileSync(`${SCREENSHOTS}/bot-slots.png`, png);
    expect(chat.screen().at(-1)?.buttons.flat()).toEqual([
      { text: "🗓 Full calendar", web_app: { url: "https://slotpilot.example/calendar" } },
    ]);
  });
});

describe("/help", () => {
  it("lists the admin commands for an admin only", async () => {
    const admin = new TestChat(inProcessBot(api), ADMIN, "en");
    await admin.send("/help");
    expect(admin.last()).toContain(
      "Admin commands:\n/status — Service status (admins)\n/grant — grant a plan: /grant <telegram id> <plan>\n/refund — refund a Stars payment: /refund <charge id>\n/add_account — ",
    );
    const seller = new TestChat(inProcessBot(api), ++nextUser, "en");
    await seller.send("/help");
    expect(seller.last()).toContain("/support — write to the Slotpilot team");
    expect(seller.last()).not.toContain("Admin commands");
  });
});

describe("/support", () => {
  it("a seller's message reaches the admins with a Reply button; the admin's answer goes back to that seller", async () => {
    const admin = new TestChat(inProcessBot(api), ADMIN, "en");
    await admin.send("/start");
    const seller = new TestChat(inProcessBot(api), ++nextUser, "ru");
    await seller.send("/support");
    expect(seller.last()).toMatch(/^Напишите команде Slotpilot/);
    await seller.send("Не вижу слотов на Коледино");
    expect(seller.last()).toBe("✅ Отправлено. Ответ придёт сюда, в этот чат.");
    const toAdmin = (
      await api.db.selectFrom("notifications").where("kind", "=", "support.message").selectAll().execute()
    ).find((n) => n.payload.text === "Не вижу слотов на Коледино");
    expect(toAdmin).toMatchObject({
      chat_id: ADMIN,
      payload: { telegramId: seller.userId, text: "Не вижу слотов на Коледино" },
    });

    // The admin presses Reply under that message (sent by the notifier) and answers.
    await admin.pressData(`sup:reply:${seller.userId}`, 900_001);
    expect(admin.last()).toBe(`Your answer to Telegram id ${seller.userId} (one message):`);
    await admin.send("Проверили: слоты появятся завтра утром.");
    expect(admin.last()).toBe("✅ Answer sent.");
    const [toSeller] = await api.db
      .selectFrom("notifications")
      .where("kind", "=", "support.reply")
      .selectAll()
      .execute();
    expect(toSeller).toMatchObject({
      chat_id: seller.userId,
      payload: { text: "Проверили: слоты появятся завтра утром." },
    });

    // A seller cannot answer as the team: for them the button does nothing.
    await seller.pressData(`sup:reply:${admin.userId}`, 900_002);
    expect(
      await api.db.selectFrom("notifications").where("kind", "=", "support.reply").selectAll().execute(),
    ).toHaveLength(1);
  });
});

describe("/settings", () => {
  it("sets quiet hours with a button and says what they hold back", async () => {
    const chat = new TestChat(inProcessBot(api), ++nextUser, "en");
    await chat.send("/settings");
    expect(chat.last()).toMatch(/^⚙️ Settings\n\nLanguage: English\.\nQuiet hours: off\./);
    await chat.press("🌙 23:00–07:00");
    expect(chat.last()).toContain("Quiet hours: 23:00–07:00 Moscow time.");
    const user = await api.db
      .selectFrom("users")
      .where("telegram_id", "=", chat.userId)
      .select(["quiet_hours_start", "quiet_hours_end"])
      .executeTakeFirstOrThrow();
    expect(user).toEqual({ quiet_hours_start: 23 * 60, quiet_hours_end: 7 * 60 });
    await chat.press("No quiet hours");
    expect(chat.last()).toContain("Quiet hours: off.");
  });

  it("switches the language in place: the settings are drawn again in it, not left for the menu", async () => {
    const chat = new TestChat(inProcessBot(api), ++nextUser, "en");
    await chat.send("/settings");
    const before = chat.screen().length;
    await chat.press("Русский");
    expect(chat.screen()).toHaveLength(before);
    expect(chat.last()).toMatch(/^⚙️ Настройки\n\nЯзык: Русский\.\nТихие часы: выключены\./);
    expect(chat.lastButtons()).toContain("Без тихих часов");
  });
});
