import { listenPortalSignals } from "@slotpilot/db";
import { silentLogger } from "@slotpilot/observability";
import { sandboxPortalDriver } from "@slotpilot/portal";
import { type Sandbox, startSandbox } from "@slotpilot/sandbox";
import { BrowserPool, launchPortalChromium, pgSessionStores, SessionKeeper } from "@slotpilot/workers";
import type { Page } from "playwright";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openMiniapp } from "../miniapp-harness.ts";

/**
 * The Mini App's cabinets screen (`/cabinets?login=<id>` is where a lost-session message's "Log in
 * again" button leads): a seller connects a cabinet's WB seller-portal session there, in real
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

describe("the Mini App's cabinets screen, logging in to the WB portal", () => {
  // First: the trial allows one cabinet connected through the API (the others here are put in directly).
  it("connects a cabinet without an API token: the phone login opens at once and logs it in", async () => {
    const wb = sandbox.control.createSeller({ cabinets: ["ИП Без Токена"] });
    await page.goto(`${app.url}/cabinets`);
    await app.heading("WB cabinets").waitFor();
    await page.getByText("No token? Leave it empty: you log in to the WB portal with your phone").waitFor();
    await page.getByPlaceholder("My WB cabinet").fill("No token");
    await page.getByRole("button", { name: "Connect and log in by phone" }).click();
    await page.getByText("Cabinet “No token” is connected.").waitFor({ timeout: 30_000 });
    await page.getByLabel("Your phone number, like +7 999 123-45-67").fill(wb.phone);
    await page.getByRole("button", { name: "Continue" }).click();
    const codeField = page.getByLabel(/^Enter the code WB sent to/);
    await codeField.waitFor({ timeout: 30_000 });
    await codeField.fill(sandbox.control.smsCode(wb.phone) ?? "");
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByText("Logged in.").waitFor({ timeout: 30_000 });
    const cabinet = await app.api.db
      .selectFrom("cabinets")
      .select(["id", "token_sealed"])
      .where("name", "=", "No token")
      .executeTakeFirstOrThrow();
    expect(cabinet.token_sealed).toBeNull();
    expect(app.pageErrors).toEqual([]);
  });

  it("opens the login from a deep link, takes the phone, a wrong then the right code, and shows the cabinet logged in", async () => {
    const wb = sandbox.control.createSeller({ cabinets: ["ИП Экранный"] });
    const id = await cabinetOfDemoSeller("Main");
    // Where a lost-session message's "Log in again" button leads: the login already open.
    await page.goto(`${app.url}/cabinets?login=${id}`);
    const phone = page.getByLabel("Your phone number, like +7 999 123-45-67");
    await phone.fill(wb.phone);
    await page.getByRole("button", { name: "Continue" }).click();
    const hint = `+7 ${wb.phone.slice(2, 5)} ***-**-${wb.phone.slice(-2)}`;
    const codeField = page.getByLabel(`Enter the code WB sent to ${hint}`);
    await codeField.waitFor({ timeout: 30_000 });

    const code = sandbox.control.smsCode(wb.phone) ?? "";
    await codeField.fill(code === "000000" ? "111111" : "000000");
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByText("The code is wrong. Check the SMS and enter it again.").waitFor({ timeout: 30_000 });

    await page.getByLabel(`Enter the code WB sent to ${hint}`).fill(code);
    await page.getByRole("button", { name: "Continue" }).click();
    await page.getByText("Logged in.").waitFor({ timeout: 30_000 });
    const row = page.locator(".cabinet").filter({ hasText: "Main" });
    await row.getByText("portal: logged in").waitFor({ timeout: 30_000 });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(sandbox.control.logins(wb.phone)).toBe(1);
    expect(app.pageErrors).toEqual([]);
  });

  it("shows WB's captcha picture and takes its answer", async () => {
    sandbox.control.setFaults({ captchaRate: 1 });
    try {
      const wb = sandbox.control.createSeller();
      const id = await cabinetOfDemoSeller("Second");
      await page.goto(`${app.url}/cabinets?login=${id}`);
      await page.getByLabel("Your phone number, like +7 999 123-45-67").fill(wb.phone);
      await page.getByRole("button", { name: "Continue" }).click();
      const picture = page.getByRole("img", { name: "WB's captcha" });
      await picture.waitFor({ timeout: 30_000 });
      // A real picture, fetched with the sign-in header: it has a size once loaded.
      await page.waitForFunction(
        (img) => (img as { naturalWidth: number }).naturalWidth > 0,
        await picture.elementHandle(),
      );
      await page.getByLabel("Type the characters from the picture").fill(sandbox.control.captchaAnswer(wb.phone) ?? "");
      await page.getByRole("button", { name: "Continue" }).click();
      await page.getByLabel(/^Enter the code WB sent to/).waitFor({ timeout: 30_000 });
      expect(app.pageErrors).toEqual([]);
    } finally {
      sandbox.control.setFaults({ captchaRate: 0 });
    }
  });

  it("lets the seller pick one of the phone's several WB cabinets", async () => {
    const wb = sandbox.control.createSeller({ cabinets: ["ИП Один", "ООО Два"] });
    const id = await cabinetOfDemoSeller("Third");
    await page.goto(`${app.url}/cabinets?login=${id}`);
    await page.getByLabel("Your phone number, like +7 999 123-45-67").fill(wb.phone);
    await page.getByRole("button", { name: "Continue" }).click();
    const codeField = page.getByLabel(/^Enter the code WB sent to/);
    await codeField.waitFor({ timeout: 30_000 });
    await codeField.fill(sandbox.control.smsCode(wb.phone) ?? "");
    await page.getByRole("button", { name: "Continue" }).click();
    await page
      .getByText("This phone has several WB cabinets. Which one should Slotpilot book in?")
      .waitFor({ timeout: 30_000 });
    await page.getByRole("button", { name: "ООО Два" }).click();
    await page.getByText("Logged in.").waitFor({ timeout: 30_000 });
    const session = await app.api.db
      .selectFrom("portal_sessions")
      .selectAll()
      .where("cabinet_id", "=", id)
      .executeTakeFirstOrThrow();
    expect(session).toMatchObject({ state: "ACTIVE", supplier_name: "ООО Два" });
    expect(app.pageErrors).toEqual([]);
  });
});
