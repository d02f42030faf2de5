import type { Page } from "playwright";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openMiniapp } from "./miniapp-harness.ts";

const SCREENSHOT = "/tmp/miniapp-home.png";

let app: Awaited<ReturnType<typeof openMiniapp>>;
let page: Page;

beforeAll(async () => {
  app = await openMiniapp(inject("pgAdminUrl"));
  page = app.page;
});

afterAll(async () => {
  await app?.close();
});

const heading = (name: string) => app.heading(name);

// Sign-in, theme, navigation and language, end to end (see openMiniapp for the setup).
describe("Mini App in demo mode", () => {
  it("greets the demo user, navigates with the Back button and keeps Russian after a reload", async () => {
    await page.goto(app.url);
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

    expect(app.pageErrors).toEqual([]);
  });

  it("a quiet-hours switch whose save fails goes back to what is saved and says why", async () => {
    await page.goto(`${app.url}/settings`);
    await heading("Настройки").waitFor();
    const quiet = page.getByRole("checkbox", { name: "Придерживать то, что может подождать" });
    expect(await quiet.isChecked()).toBe(false);
    // The network drops just as the seller turns it on.
    await page.route("**/api/me/settings", (route) =>
      route.request().method() === "PATCH" ? route.abort() : route.continue(),
    );
    await quiet.click();
    await page.getByText("Не удалось связаться со Slotpilot. Проверьте подключение и попробуйте снова.").waitFor();
    expect(await quiet.isChecked()).toBe(false);
    expect(await page.getByLabel("С", { exact: true }).count()).toBe(0);
    // Back online, the same tap saves it.
    await page.unroute("**/api/me/settings");
    await quiet.click();
    await page.getByText("Сохранено").waitFor();
    expect(await quiet.isChecked()).toBe(true);
    expect(app.pageErrors).toEqual([]);
  });
});
