import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createTestApi } from "@slotpilot/api/testing";
import { launchChromium } from "@slotpilot/browser";
import type { Browser, Page } from "playwright";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

/**
 * The Mini App as a seller uses it: built, served by the API in demo mode, in real Chromium at a
 * phone's width. In a plain browser the app signs in through `/dev/session` and runs on the SDK's
 * mocked Telegram client, so this covers the same code path as inside Telegram.
 */
const MINIAPP_DIST = fileURLToPath(new URL("../miniapp/dist", import.meta.url));
const SCREENSHOT = "/tmp/miniapp-home.png";

let api: Awaited<ReturnType<typeof createTestApi>>;
let browser: Browser;
let page: Page;
let url: string;
const pageErrors: Error[] = [];

beforeAll(async () => {
  if (!existsSync(`${MINIAPP_DIST}/index.html`)) {
    throw new Error(`The Mini App is not built (${MINIAPP_DIST} is missing): run pnpm build first.`);
  }
  api = await createTestApi(inject("pgAdminUrl"), { mode: "demo", miniappDir: MINIAPP_DIST });
  url = await api.listen();
  browser = await launchChromium();
  // An English-speaking seller on a phone: the browser's language plays Telegram's.
  const context = await browser.newContext({
    locale: "en-US",
    viewport: { width: 390, height: 760 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });
  context.setDefaultTimeout(10_000);
  page = await context.newPage();
  page.on("pageerror", (error) => pageErrors.push(error));
});

afterAll(async () => {
  await browser?.close();
  await api?.close();
});

const heading = (name: string) => page.getByRole("heading", { name, exact: true });

describe("Mini App in demo mode", () => {
  it("greets the demo user, navigates with the Back button and keeps Russian after a reload", async () => {
    await page.goto(url);
    await heading("Hello, Demo!").waitFor();
    await page.getByText("Demo mode: signed in as a local test user, not through Telegram.").waitFor();
    // Telegram's theme reached the page through the SDK's CSS variables.
    // (A string expression: this file is type-checked without the DOM library.)
    const background = await page.evaluate<string>(
      'getComputedStyle(document.documentElement).getPropertyValue("--tg-theme-bg-color")',
    );
    expect(background.trim()).toMatch(/^#[0-9a-f]{6}$/i);
    await page.screenshot({ path: SCREENSHOT });

    // To Settings and back with the (demo) Telegram Back button, which shows only off the home screen.
    const back = page.getByRole("button", { name: "Back" });
    await back.waitFor({ state: "detached" });
    await page.getByRole("button", { name: /Settings/ }).click();
    await heading("Settings").waitFor();
    expect(new URL(page.url()).pathname).toBe("/settings");
    await back.click();
    await heading("Hello, Demo!").waitFor();
    expect(new URL(page.url()).pathname).toBe("/");
    await back.waitFor({ state: "detached" });

    // Switching the language re-renders the app in Russian at once.
    await page.getByRole("button", { name: /Settings/ }).click();
    expect(await page.getByRole("radio", { name: "English" }).isChecked()).toBe(true);
    await page.getByText("Русский").click();
    await heading("Настройки").waitFor();
    await page.getByText("Сохранено").waitFor();
    expect(await page.getByRole("radio", { name: "Русский" }).isChecked()).toBe(true);

    // The choice was saved for the user, not just in this page: it survives a reload on /settings.
    await page.reload();
    await heading("Настройки").waitFor();
    expect(await page.getByRole("radio", { name: "Русский" }).isChecked()).toBe(true);
    await page.getByRole("button", { name: "Назад" }).click();
    await heading("Здравствуйте, Demo!").waitFor();
    expect(await page.locator("html").getAttribute("lang")).toBe("ru");

    expect(pageErrors).toEqual([]);
  });
});
