import { inProcessBot, TestChat } from "@slotpilot/bot/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type SessionKit, sessionKit } from "./kit.ts";

/**
 * A draft's warehouses in the bot's `/new`, the way a seller types them: in lower case, Russian —
 * through the real API, a session keeper with Chromium (drafts come from the portal session) and
 * the WB sandbox.
 */
let kit: SessionKit;
beforeAll(async () => {
  kit = await sessionKit(inject("pgAdminUrl"), { startTime: Date.now() });
  await kit.keeper("bot-draft-worker");
  await kit.db
    .insertInto("warehouses")
    .values([
      { id: 507, name: "Коледино" },
      { id: 117986, name: "Казань" },
    ])
    .execute();
}, 120_000);
afterAll(() => kit.close());

describe("a draft's warehouses in /new", () => {
  it("«казань» typed in lower case finds Казань; once it is chosen, nothing claims that no warehouse matches", async () => {
    const wb = kit.sandbox.control.createSeller({ cabinets: ["ИП Черновиков"] });
    const supplierId = wb.cabinets[0]?.supplierId ?? 0;
    kit.sandbox.control.createDraft({ supplierId });
    const chat = new TestChat(inProcessBot(kit.api), 9_400_101, "en");
    await chat.send("/start");
    await chat.press("English");
    await chat.press("Later");
    await chat.send("/cabinets");
    await chat.press(/Connect a cabinet/);
    await chat.press("📱 Phone and SMS code");
    await chat.send(wb.phone);
    const code = kit.sandbox.control.smsCode(wb.phone) ?? "";
    await chat.send(code.split("").join(" "));
    expect(chat.last()).toBe("✅ Cabinet “ИП Черновиков” is connected.");

    await chat.send("/new");
    await chat.press(/^Draft of/);
    expect(chat.last()).toMatch(/^Which warehouses, in order of preference\?/);
    await chat.send("казань");
    expect(chat.lastButtons()).toContain("Казань");
    expect(chat.last()).not.toContain("No warehouse matches");
    await chat.press("Казань");
    expect(chat.last()).toContain("Chosen:\n1. Казань");
    expect(chat.last()).not.toContain("No warehouse matches");
    await chat.send("zzz");
    expect(chat.last()).toContain("No warehouse matches “zzz”.");
  });
});
