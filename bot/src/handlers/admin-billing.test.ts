import { createTestApi } from "@slotpilot/api/testing";
import { readPlanState } from "@slotpilot/db";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { inProcessBot, TestChat } from "../testing.ts";

let api: Awaited<ReturnType<typeof createTestApi>>;
beforeAll(async () => {
  api = await createTestApi(inject("pgAdminUrl"), { mode: "demo", env: { ADMIN_TELEGRAM_IDS: "9101" } });
});
afterAll(() => api.close());

const lastText = (chat: TestChat) => chat.screen().at(-1)?.text;

describe("/grant", () => {
  it("gives a seller a plan for a period; the seller is told", async () => {
    const bot = inProcessBot(api);
    const seller = new TestChat(bot, 4101, "ru");
    await seller.send("/help");
    const admin = new TestChat(bot, 9101, "en");

    await admin.send("/grant 4101 pro25");
    expect(lastText(admin)).toMatch(
      /^✅ Telegram id 4101 now has Pro · 25 until \d{1,2} [A-Z][a-z]+\. Tasks resumed: 0\.$/,
    );
    const user = await api.db
      .selectFrom("users")
      .select("id")
      .where("telegram_id", "=", 4101)
      .executeTakeFirstOrThrow();
    const org = await api.db
      .selectFrom("memberships")
      .select("organization_id")
      .where("user_id", "=", user.id)
      .executeTakeFirstOrThrow();
    expect((await readPlanState(api.db, org.organization_id)).plan).toBe("pro25");
    const notice = await api.db
      .selectFrom("notifications")
      .select("payload")
      .where("chat_id", "=", 4101)
      .where("kind", "=", "billing.notice")
      .executeTakeFirstOrThrow();
    expect(notice.payload).toMatchObject({ notice: "plan_granted", plan: "pro25" });
  });

  it("granting the plan already in force says until when, and changes nothing: no new period, no second message", async () => {
    const admin = new TestChat(inProcessBot(api), 9101, "en");
    const user = await api.db
      .selectFrom("users")
      .innerJoin("memberships", "memberships.user_id", "users.id")
      .select("memberships.organization_id")
      .where("users.telegram_id", "=", 4101)
      .executeTakeFirstOrThrow();
    const before = await readPlanState(api.db, user.organization_id);
    const notices = () =>
      api.db.selectFrom("notifications").select("id").where("chat_id", "=", 4101).where("kind", "=", "billing.notice");
    const told = (await notices().execute()).length;

    await admin.send("/grant 4101 pro25");
    // The day worded, as every other message says a date ("29 January"), not `2027-01-29`.
    expect(lastText(admin)).toMatch(
      /^Telegram id 4101 has Pro · 25 already, until \d{1,2} [A-Z][a-z]+: nothing changed\.$/,
    );
    expect(await readPlanState(api.db, user.organization_id)).toEqual(before);
    expect(await notices().execute()).toHaveLength(told);

    const ru = new TestChat(inProcessBot(api), 9101, "ru");
    await ru.send("/grant 4101 pro25");
    expect(lastText(ru)).toMatch(/^У Telegram id 4101 уже есть Про · 25 до \d{1,2} [а-я]+: ничего не изменено\.$/);
  });

  const usage = "Usage: /grant <telegram id> <plan>. Plans: start5, basic10, pro25, business50, max100, enterprise500.";

  it.each([
    ["/grant 4101 gold", "There is no plan “gold” to grant."],
    ["/grant 4101 trial", "There is no plan “trial” to grant."],
    ["/grant 1e9 pro25", "“1e9” is not a Telegram user id: it is written in digits only, like 123456789."],
    ["/grant 0x10 pro25", "“0x10” is not a Telegram user id: it is written in digits only, like 123456789."],
    ["/grant 04101 pro25", "“04101” is not a Telegram user id: it is written in digits only, like 123456789."],
    ["/grant pro25", "Whom to? The seller's Telegram id comes first."],
    ["/grant", "Whom to? The seller's Telegram id comes first."],
    ["/grant 4101", "Which plan? It comes after the Telegram id."],
  ])("%s: says what is wrong, then the usage, and grants nothing", async (command, problem) => {
    const admin = new TestChat(inProcessBot(api), 9101, "en");
    const grants = () => api.db.selectFrom("plan_events").select("id").where("type", "=", "granted").execute();
    const before = (await grants()).length;
    await admin.send(command);
    expect(lastText(admin)).toBe(`${problem}\n${usage}`);
    expect(await grants()).toHaveLength(before);
  });

  it("says what is wrong in the admin's language", async () => {
    const admin = new TestChat(inProcessBot(api), 9101, "ru");
    await admin.send("/grant 1e9 pro25");
    expect(lastText(admin)).toMatch(/^«1e9» — не Telegram id пользователя: он пишется только цифрами/);
    await admin.send("/grant 4101 gold");
    expect(lastText(admin)).toMatch(/^Тарифа «gold» для выдачи нет\.\nТак: \/grant/);
  });

  it("refuses an unknown seller, changing nothing", async () => {
    const admin = new TestChat(inProcessBot(api), 9101, "en");
    await admin.send("/grant 5555 basic10");
    expect(lastText(admin)).toBe("No Slotpilot user has Telegram id 5555: they must open the bot once first.");
  });

  it("does not exist for a seller", async () => {
    const seller = new TestChat(inProcessBot(api), 4102, "en");
    await seller.send("/grant 4102 enterprise500");
    expect(lastText(seller)).toBe("I don’t know /grant. /help lists what I can do.");
    // Grants that changed a plan: the first test's (the one of a plan in force is logged as changing nothing).
    const events = await api.db
      .selectFrom("plan_events")
      .select("type")
      .where("type", "=", "granted")
      .where("changed", "=", true)
      .execute();
    expect(events).toHaveLength(1);
  });
});

describe("/refund", () => {
  it("in a server without the Telegram bot says at once that refunds are unavailable here, in the admin's language", async () => {
    const admin = new TestChat(inProcessBot(api), 9101, "en");
    expect(await admin.send("/refund stxAbC123")).toBe("handled");
    expect(lastText(admin)).toBe(
      "Refunds are not available here: Stars payments are refunded through the Telegram bot, and this server runs without one (demo mode). Nothing was refunded.",
    );
    const ru = new TestChat(inProcessBot(api), 9101, "ru");
    expect(await ru.send("/refund stxAbC123")).toBe("handled");
    expect(lastText(ru)).toBe(
      "Возвраты здесь недоступны: платежи в Stars возвращаются через Telegram-бота, а этот сервер работает без него (демо-режим). Ничего не возвращено.",
    );
  });
});
