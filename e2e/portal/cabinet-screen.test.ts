import { listenPortalSignals } from "@slotpilot/db";
import { silentLogger } from "@slotpilot/observability";
import { sandboxPortalDriver } from "@slotpilot/portal";
import { type Sandbox, startSandbox } from "@slotpilot/sandbox";
import { BrowserPool, launchPortalChromium, pgSessionStores, SessionKeeper } from "@slotpilot/workers";
import type { Page } from "playwright";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openMiniapp } from "../miniapp-harness.ts";

/**
 * The cabinet screen of the Mini App (`/cabinets/<id>`, where a lost-session message's "Log in
 * again" button leads): a seller connects the cabinet's WB seller-portal session there, in real
 * Chromium, against the WB sandbox and a real session keeper.
 */
const DEMO_TELEGRAM_ID = 100_000_001;
const SCREENSHOT = "/tmp/miniapp-cabinet.png";

let sandbox: Sandbox;
let app: Awaited<ReturnType<typeof openMiniapp>>;
let keeper: SessionKeeper;
let page: Page;

beforeAll(async () => {
  sandbox = await startSandbox({
    port: 0,
    autoRun: false,
    faults: { competitorDelayMs: null },
    scenario: { background: false },
  });
  app = await openMiniapp(inject("pgAdminUrl"), { wbHosts: sandbox.hosts });
  page = app.page;
  const workerId = "miniapp-worker";
  keeper = new SessionKeeper({
    workerId,
    stores: pgSessionStores({
      db: app.api.db,
      encryptionKey: app.api.deps.config.encryptionKey,
      workerId,
      adminChatIds: [],
    }),
    pool: new BrowserPool({ launch: () => launchPortalChromium(), capacity: 4, log: silentLogger }),
    driver: sandboxPortalDriver(sandbox.hosts),
    log: silentLogger,
    settings: { tickMs: 100 },
    signals: (onSignal) => listenPortalSignals(app.api.url, onSignal),
  });
  await keeper.start();
});

afterAll(async () => {
  await keeper?.stop();
  await app?.close();
  await sandbox?.close();
});

async function cabinetOfDemoSeller(name: string): Promise<number> {
  const { db } = app.api;
  // The Home screen creates the demo seller on first sight.
  await page.goto(`${app.url}/`);
  await app.heading("Hello, Demo!").waitFor();
  const { organization_id } = await db
    .selectFrom("memberships")
    .innerJoin("users", "users.id", "memberships.user_id")
    .where("users.telegram_id", "=", DEMO_TELEGRAM_ID)
    .select("memberships.organization_id")
    .executeTakeFirstOrThrow();
  const row = await db
    .insertInto("cabinets")
    .values({ organization_id, name })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

describe("the cabinet screen", () => {
  it("connects the portal session: phone, a wrong then right SMS code, connected — and Home lists it", async () => {
    const wb = sandbox.control.createSeller({ cabinets: ["ИП Экранный"] });
    const id = await cabinetOfDemoSeller("Main");
    // Opened the way a Telegram button opens it: a deep link.
    await page.goto(`${app.url}/cabinets/${id}`);
    await app.heading("Main").waitFor();
    await expect(page.locator(".badge").first().textContent()).resolves.toBe("Not connected");

    const phone = page.getByLabel("Phone number");
    expect(await phone.inputValue()).toBe("+7");
    await phone.fill(wb.phone);
    await page.getByRole("button", { name: "Get the code" }).click();
    const codeField = page.getByLabel("Code from the SMS");
    await codeField.waitFor({ timeout: 30_000 });
    await expect(
      page.getByText(`Sent to +7 ${wb.phone.slice(2, 5)} ***-**-${wb.phone.slice(-2)}.`).count(),
    ).resolves.toBe(1);

    const code = sandbox.control.smsCode(wb.phone) ?? "";
    await codeField.fill(code === "000000" ? "111111" : "000000");
    await page.getByRole("button", { name: "Continue" }).click();
    await page
      .getByRole("alert")
      .filter({ hasText: "The code is wrong. Check the SMS and enter it again." })
      .waitFor({ timeout: 30_000 });

    await page.getByLabel("Code from the SMS").fill(code);
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByText("Connected. Slotpilot keeps this session alive").waitFor({ timeout: 30_000 });
    await expect(page.locator(".badge").first().textContent()).resolves.toBe("Connected");
    await expect(
      page.locator(".fact").filter({ hasText: "WB cabinet" }).getByRole("definition").textContent(),
    ).resolves.toBe("ИП Экранный");
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    await page.goto(`${app.url}/`);
    const row = page.getByRole("button", { name: /Main/ });
    await row.waitFor();
    expect(await row.textContent()).toContain("Connected");
    expect(app.pageErrors).toEqual([]);
  });

  it("shows WB's captcha picture and takes its answer", async () => {
    sandbox.control.setFaults({ captchaRate: 1 });
    const wb = sandbox.control.createSeller();
    const id = await cabinetOfDemoSeller("Second");
    await page.goto(`${app.url}/cabinets/${id}`);
    await page.getByLabel("Phone number").fill(wb.phone);
    await page.getByRole("button", { name: "Get the code" }).click();
    const picture = page.getByRole("img", { name: "WB captcha" });
    await picture.waitFor({ timeout: 30_000 });
    // A real picture, fetched with the sign-in header: it has a size once loaded.
    await page.waitForFunction(
      (img) => (img as { naturalWidth: number }).naturalWidth > 0,
      await picture.elementHandle(),
    );
    await page.getByLabel("Characters from the picture").fill(sandbox.control.captchaAnswer(wb.phone) ?? "");
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByLabel("Code from the SMS").waitFor({ timeout: 30_000 });
    expect(app.pageErrors).toEqual([]);
  });
});
