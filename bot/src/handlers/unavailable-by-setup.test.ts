import { createTestApi } from "@slotpilot/api/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { inProcessBot, TestChat } from "../testing.ts";

// A live server (a bot token) with no MTProto credentials: its sales dialogs are off.
let api: Awaited<ReturnType<typeof createTestApi>>;
beforeAll(async () => {
  api = await createTestApi(inject("pgAdminUrl"), { mode: "live", env: { ADMIN_TELEGRAM_IDS: "9201" } });
});
afterAll(() => api.close());

describe("something this server is set up without (the API's 503 with a setup code)", () => {
  it("is said at once, with the API's own words — not retried and answered with a generic error", async () => {
    const admin = new TestChat(inProcessBot(api), 9201, "en");
    expect(await admin.send("/start @wb_seller_anna")).toBe("handled");
    expect(admin.last()).toBe(
      "Sales dialogs are off on this server: set TELEGRAM_API_ID and TELEGRAM_API_HASH (from my.telegram.org) and restart.",
    );
  });
});
