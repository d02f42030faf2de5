import { launchChromium } from "@slotpilot/browser";
import type { Browser } from "playwright";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BOX } from "./box-types.ts";
import { dayOf, dayToYmd } from "./dates.ts";
import { type Sandbox, startSandbox } from "./index.ts";
import { TEST_START } from "./test-support.ts";

const DAY2 = dayToYmd(dayOf(TEST_START) + 2);

describe("portal in a real browser", () => {
  let sandbox: Sandbox;
  let browser: Browser;

  beforeAll(async () => {
    sandbox = await startSandbox({
      port: 0,
      autoRun: false,
      startTime: TEST_START,
      faults: { powDifficulty: 8, captchaRate: 1, competitorDelayMs: null },
      scenario: { background: false },
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await sandbox?.close();
  });

  it("logs in with captcha and SMS code, then plans a preorder through the calendar", async () => {
    const { control } = sandbox;
    const seller = control.createSeller({ phone: "+79001112233", cabinets: ["ИП Тестовый"] });
    const supplierId = seller.cabinets[0]?.supplierId ?? 0;
    const { preorderId } = control.createPreorder({ supplierId, warehouseId: 507, boxTypeId: BOX });
    control.setCell({ warehouseId: 507, date: DAY2, boxTypeId: BOX, coefficient: 3, capacity: 1 });

    const page = await browser.newPage();
    await page.goto(`${sandbox.hosts.seller}/supplies-management/all-supplies`);
    await page.locator("#phone").waitFor();
    expect(await page.inputValue("#phone")).toBe("+7");
    await page.fill("#phone", "+79001112233");
    await page.getByRole("button", { name: "Получить код" }).click();
    await page.locator("#captcha-image").waitFor();
    await page.fill("#captcha", control.captchaAnswer(seller.phone) ?? "");
    await page.getByRole("button", { name: "Продолжить" }).click();
    await page.locator("#code").waitFor();
    await page.fill("#code", control.smsCode(seller.phone) ?? "");
    await page.getByRole("button", { name: "Войти" }).click();

    const row = page.locator(`[data-testid="supply-row"][data-preorder-id="${preorderId}"]`);
    await row.waitFor();
    expect(await row.locator('[data-testid="supply-status"]').textContent()).toBe("Не запланировано");
    await row.getByRole("link").click();
    await page.getByRole("button", { name: "Запланировать поставку" }).click();

    const open = page.locator(`[data-testid="calendar-cell"][data-date="${DAY2}"]`);
    await open.waitFor();
    expect(await open.locator(".cell-coefficient").textContent()).toBe("✕3");
    const closedText = await page
      .locator('[data-testid="calendar-cell"][data-available="false"] .cell-coefficient')
      .first()
      .textContent();
    expect(closedText).toBe("Пока недоступно");

    await open.getByRole("button", { name: "Выбрать" }).click();
    await page.getByRole("button", { name: "Запланировать", exact: true }).click();
    await page.locator('[data-testid="plan-success"]').waitFor();
    expect(await page.locator("#supply-status").textContent()).toBe("Запланировано");

    expect(control.bookings()).toEqual([
      expect.objectContaining({ preorderId, supplierId, date: `${DAY2}T00:00:00Z`, coefficient: 3, by: "seller" }),
    ]);
    expect(control.supplies(supplierId)[0]).toMatchObject({ statusId: 2, supplyDate: `${DAY2}T00:00:00Z` });
  });

  it("bounces to login when the session has expired", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const { control } = sandbox;
    const seller = control.createSeller({ phone: "+79004445566" });
    control.setFaults({ captchaRate: 0 });
    await page.goto(`${sandbox.hosts.seller}/supplies-management/all-supplies`);
    await page.fill("#phone", seller.phone);
    await page.getByRole("button", { name: "Получить код" }).click();
    await page.fill("#code", control.smsCode(seller.phone) ?? "");
    await page.getByRole("button", { name: "Войти" }).click();
    await page.locator("h1", { hasText: "Поставки" }).waitFor();
    control.setFaults({ expireSessions: true });
    await page.reload();
    await page.locator("#phone").waitFor();
    expect(new URL(page.url()).pathname).toBe("/seller-auth/ru/");
    await context.close();
  });
});
