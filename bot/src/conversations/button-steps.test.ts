import { createTestApi } from "@slotpilot/api/testing";
import { signInitData } from "@slotpilot/domain";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { inProcessBot, sellerWithCabinet, TestChat } from "../testing.ts";

let api: Awaited<ReturnType<typeof createTestApi>>;
beforeAll(async () => {
  api = await createTestApi(inject("pgAdminUrl"), { mode: "demo" });
});
afterAll(() => api.close());

const USE_BUTTONS = "⚠️ Please choose one of the buttons.";

describe("a step answered with buttons only", () => {
  it("warns about typed text and asks again: the intro, how to connect, a task without a cabinet", async () => {
    const chat = new TestChat(inProcessBot(api), 4701, "en");
    await chat.send("/start");
    await chat.press("English");
    expect(chat.last()).toMatch(/^Here is what Slotpilot does:/);
    await chat.send("ok");
    expect(chat.screen().at(-2)?.text).toBe(USE_BUTTONS);
    expect(chat.last()).toMatch(/^Here is what Slotpilot does:/);

    await chat.press("🔗 Connect a WB cabinet");
    expect(chat.last()).toMatch(/^How do you want to connect your WB cabinet\?/);
    await chat.send("token please");
    expect(chat.screen().at(-2)?.text).toBe(USE_BUTTONS);
    expect(chat.last()).toMatch(/^How do you want to connect your WB cabinet\?/);
    expect(chat.lastButtons()).toEqual(["🔑 API token", "📱 Phone and SMS code", "✕ Cancel"]);

    await chat.send("/new");
    expect(chat.last()).toBe("A task needs a connected WB cabinet. Let’s connect one first.");
    await chat.send("later");
    expect(chat.screen().at(-2)?.text).toBe(USE_BUTTONS);
    expect(chat.last()).toBe("A task needs a connected WB cabinet. Let’s connect one first.");
  });
});

describe("connecting a cabinet past the plan's count", () => {
  it("is refused before either way is offered, in the words the API uses for it", async () => {
    const userId = 4702;
    const { chat } = await sellerWithCabinet(api, userId, "en");

    await chat.send("/cabinets");
    await chat.press("➕ Connect a cabinet");
    const refusal =
      "⚠️ Your plan (Free trial) connects at most 1 WB cabinet. Basic · 10 connects more: upgrade in /plan (in the app: “Plan and usage”).";
    expect(chat.last()).toBe(refusal);
    // Neither a token nor a phone was asked for.
    const texts = chat.screen().map((m) => m.text);
    expect(texts.some((t) => t.startsWith("How do you want to connect"))).toBe(false);
    expect(texts.some((t) => t.startsWith("Paste your WB API token"))).toBe(false);

    // The same words the API refuses the cabinet itself with.
    const initData = signInitData(
      { user: { id: userId, first_name: "Олег", language_code: "en" } },
      api.deps.config.botToken,
    );
    const created = await api.app.request("/api/cabinets", {
      method: "POST",
      headers: { authorization: `tma ${initData}`, "content-type": "application/json", "accept-language": "en" },
      body: JSON.stringify({ name: "WB 2" }),
    });
    expect(created.status).toBe(402);
    expect(`⚠️ ${((await created.json()) as { error: { message: string } }).error.message}`).toBe(refusal);
  });
});
