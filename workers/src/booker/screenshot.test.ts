import { launchChromium } from "@slotpilot/browser";
import { type PortalPage, PortalRpcError, PortalSessionLost } from "@slotpilot/portal";
import type { Browser } from "playwright";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AttemptFailed, rpcNote, screenshot } from "./book-slot.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser.close());

describe("a failed booking's screenshot", () => {
  it("booked by a call from inside the page: what the portal answered is drawn over the page, then taken off", async () => {
    const page = await browser.newPage();
    await page.setContent("<body><h1>Поставки</h1><p>30000004 · Не запланировано</p></body>");
    let drawn = "";
    const shoot = page.screenshot.bind(page);
    // What the picture shows: the page's text at the moment it is taken.
    page.screenshot = async (options) => {
      // biome-ignore lint/performance/useDomNodeTextContent: the rendered text, what a screenshot shows
      drawn = await page.innerText("body");
      return shoot(options);
    };
    const note = rpcNote(new PortalRpcError("На выбранную дату закончились лимиты приёмки", 400, "no_capacity"));
    const png = await screenshot({ page } as unknown as PortalPage, note);
    expect(png?.subarray(1, 4).toString()).toBe("PNG");
    expect(drawn).toContain("ответ портала: «На выбранную дату закончились лимиты приёмки»");
    expect(drawn).toContain("в том виде, в каком она была в этот момент");
    expect(drawn).toContain("Не запланировано");
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text
    expect(await page.innerText("body")).not.toContain("Slotpilot");
    await page.close();
  });

  it.each([
    [new PortalSessionLost("gone"), "сессия закончилась"],
    [new PortalRpcError("the portal answered 502", 502), "не ответил"],
    [new AttemptFailed({ kind: "cost_over_cap" }), "выше предела"],
  ])("names what the portal answered: %s", (error, text) => {
    expect(rpcNote(error, new Date("2026-12-02T09:30:05Z"))).toMatch(
      new RegExp(`^Slotpilot · 12:30:05 МСК · .*${text}`),
    );
  });
});
