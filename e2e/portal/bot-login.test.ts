import { inProcessBot, TestChat } from "@slotpilot/bot/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type SessionKit, sessionKit } from "./kit.ts";

/**
 * The bot's phone login, end to end: `/cabinets` → connect by phone → the number → letters that
 * cannot be a code, a wrong code, then the right one typed the way the prompt asks (spaced) → the
 * cabinet logged in — through the real API, a real session keeper with Chromium, and the WB sandbox.
 */
let kit: SessionKit;
beforeAll(async () => {
  // The API's clock is real time here: the bot signs its calls now.
  kit = await sessionKit(inject("pgAdminUrl"), { startTime: Date.now() });
  await kit.keeper("bot-login-worker");
}, 120_000);
afterAll(() => kit.close());

describe("logging in to the WB portal from the bot", () => {
  it("phone, a wrong then the right code typed with spaces, and the cabinet is connected", async () => {
    const wb = kit.sandbox.control.createSeller({ cabinets: ["ИП Ботов"] });
    const chat = new TestChat(inProcessBot(kit.api), 9_400_001, "en");
    await chat.send("/start");
    await chat.press("English");
    await chat.press("Later");
    await chat.send("/cabinets");
    await chat.press(/Connect a cabinet/);
    await chat.press("📱 Phone and SMS code");
    expect(chat.last()).toBe("Your phone number for the WB seller portal, like +7 999 123-45-67:");

    await chat.send(`8 ${wb.phone.slice(2, 5)} ${wb.phone.slice(5)}`);
    const hint = `+7 ${wb.phone.slice(2, 5)} ***-**-${wb.phone.slice(-2)}`;
    expect(chat.last()).toContain(`WB sent an SMS code to ${hint}. Type it with spaces between the digits`);

    // Something that cannot be a code is explained in words about the SMS, and WB is not asked.
    await chat.send("abc");
    expect(chat.screen().at(-2)?.text).toBe(
      "⚠️ An SMS code is digits only, like 1 2 3 4 5 6. Check the SMS and type the code again.",
    );
    expect(chat.last()).toContain(`WB sent an SMS code to ${hint}. Type it with spaces between the digits`);

    const code = kit.sandbox.control.smsCode(wb.phone) ?? "";
    const wrong = code === "000000" ? "111111" : "000000";
    await chat.send(wrong.split("").join(" "));
    expect(chat.last()).toMatch(/^⚠️ The code is wrong\. Check the SMS and enter it again\./);

    await chat.send(code.split("").join(" "));
    // The cabinet takes the name WB shows for it in place of the placeholder it was created with.
    expect(chat.last()).toBe("✅ Cabinet “ИП Ботов” is connected.");
    const cabinet = await kit.db
      .selectFrom("cabinets")
      .innerJoin("portal_sessions", "portal_sessions.cabinet_id", "cabinets.id")
      .select(["cabinets.name", "portal_sessions.state", "portal_sessions.supplier_name"])
      .where("cabinets.name", "=", "ИП Ботов")
      .executeTakeFirstOrThrow();
    expect(cabinet).toEqual({ name: "ИП Ботов", state: "ACTIVE", supplier_name: "ИП Ботов" });
    expect(kit.sandbox.control.logins(wb.phone)).toBe(1);
    // The bot never repeats the code back into the chat.
    expect(chat.screen().some((m) => m.text.replace(/\s/g, "").includes(code))).toBe(false);
  });
});
