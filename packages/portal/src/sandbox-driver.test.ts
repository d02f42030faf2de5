import { launchChromium } from "@slotpilot/browser";
import { POW_PATHS, type Sandbox, startSandbox } from "@slotpilot/sandbox";
import type { Browser, BrowserContext } from "playwright";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BrowserState,
  captureBrowserState,
  contextStateOptions,
  parseBrowserState,
  restoreSessionStorage,
} from "./browser-state.ts";
import type { PortalDriver, PortalPage } from "./driver.ts";
import { PortalSessionLost } from "./errors.ts";
import { sandboxPortalDriver } from "./sandbox-driver.ts";
import { PLAN_CHALLENGE, RPC } from "./wb-paths.ts";

const START = Date.UTC(2026, 10, 21, 9, 0, 0);
const DAY2 = "2026-11-23";

let sandbox: Sandbox;
let browser: Browser;
let driver: PortalDriver;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({
    port: 0,
    autoRun: false,
    startTime: START,
    faults: { powDifficulty: 8, competitorDelayMs: null },
    scenario: { background: false },
  });
  browser = await launchChromium();
  driver = sandboxPortalDriver(sandbox.hosts);
});
afterAll(async () => {
  await browser?.close();
  await sandbox?.close();
});

async function newPage(state: BrowserState | null = null) {
  const context = await browser.newContext(contextStateOptions(state));
  await restoreSessionStorage(context, state);
  contexts.push(context);
  return { context, page: await context.newPage() };
}

/** Logs a new seller in with the driver; returns the logged-in page and its context. */
async function loggedIn(cabinets = 1) {
  const seller = sandbox.control.createSeller({ cabinets });
  const { context, page } = await newPage();
  const login = driver.login(page);
  expect(await login.start(seller.phone)).toEqual({ kind: "code" });
  const step = await login.code(sandbox.control.smsCode(seller.phone) ?? "");
  expect(step.kind).toBe("done");
  const portal = (await driver.open(page)) as PortalPage;
  return { seller, context, page, portal, supplierId: seller.cabinets[0]?.supplierId ?? 0 };
}

describe("sandbox portal driver — login", () => {
  it("logs in with the SMS code after a wrong one, and lands in the cabinet", async () => {
    const seller = sandbox.control.createSeller({ cabinets: ["ИП Код"] });
    const { page } = await newPage();
    const login = driver.login(page);
    expect(await login.start(seller.phone)).toEqual({ kind: "code" });
    const code = sandbox.control.smsCode(seller.phone) ?? "";
    expect(await login.code(code === "000000" ? "111111" : "000000")).toEqual({
      kind: "refused",
      reason: "code_wrong",
    });
    expect(await login.code(code)).toEqual({
      kind: "done",
      cabinet: { supplierId: seller.cabinets[0]?.supplierId, name: "ИП Код" },
    });
    expect(sandbox.control.logins(seller.phone)).toBe(1);
  });

  it("passes the image captcha (shown as an image), a wrong answer giving a new one", async () => {
    sandbox.control.setFaults({ captchaRate: 1 });
    try {
      const seller = sandbox.control.createSeller();
      const { page } = await newPage();
      const login = driver.login(page);
      const first = await login.start(seller.phone);
      expect(first).toMatchObject({ kind: "captcha", retry: false, image: { mime: "image/svg+xml" } });
      if (first.kind !== "captcha") throw new Error("no captcha");
      expect(first.image.bytes.toString("utf8")).toMatch(/^<svg/);
      const again = await login.captcha("nope");
      expect(again).toMatchObject({ kind: "captcha", retry: true });
      expect(await login.captcha(sandbox.control.captchaAnswer(seller.phone) ?? "")).toEqual({ kind: "code" });
      expect((await login.code(sandbox.control.smsCode(seller.phone) ?? "")).kind).toBe("done");
    } finally {
      sandbox.control.setFaults({ captchaRate: 0 });
    }
  });

  it("offers a choice when the phone has several cabinets, and switches to the one picked", async () => {
    const seller = sandbox.control.createSeller({ cabinets: ["ИП Первый", "ООО Второй"] });
    const second = seller.cabinets[1]?.supplierId ?? 0;
    const { page } = await newPage();
    const login = driver.login(page);
    await login.start(seller.phone);
    const step = await login.code(sandbox.control.smsCode(seller.phone) ?? "");
    expect(step).toEqual({
      kind: "choose_cabinet",
      cabinets: [
        { supplierId: seller.cabinets[0]?.supplierId, name: "ИП Первый" },
        { supplierId: second, name: "ООО Второй" },
      ],
    });
    expect(await login.chooseCabinet(second)).toEqual({
      kind: "done",
      cabinet: { supplierId: second, name: "ООО Второй" },
    });
    expect(await (await driver.open(page))?.cabinet()).toEqual({ supplierId: second, name: "ООО Второй" });
  });

  it("says when WB knows no seller with the phone", async () => {
    const { page } = await newPage();
    expect(await driver.login(page).start("+7 900 000-00-00")).toEqual({ kind: "refused", reason: "phone_unknown" });
  });
});

describe("sandbox portal driver — a logged-in page", () => {
  it("lists drafts and supplies and reads the portal's slot sources from inside the page", async () => {
    const { portal, supplierId } = await loggedIn();
    const { draftId } = sandbox.control.createDraft({ supplierId });
    const { preorderId } = sandbox.control.createPreorder({ supplierId, warehouseId: 507, boxTypeId: 2 });
    sandbox.control.setCell({ warehouseId: 507, date: DAY2, boxTypeId: 2, coefficient: 0 });
    expect(await portal.listDrafts()).toEqual([{ draftId, createdAt: expect.any(String), goodQuantity: 0 }]);
    expect(await portal.listSupplies({ statusId: 1 })).toEqual([
      expect.objectContaining({ preorderId, statusId: 1, warehouseId: 507, boxTypeId: 2, isBoxOnPallet: false }),
    ]);
    sandbox.control.setFaults({ feedOff: true });
    try {
      const report = await portal.coefficientsReport();
      expect(report).toContainEqual(
        expect.objectContaining({ warehouseID: 507, date: `${DAY2}T00:00:00Z`, coefficient: 0 }),
      );
      expect((await portal.recommendations(draftId))[0]).toMatchObject({ warehouseId: 507 });
      expect(await portal.acceptanceCosts(preorderId, DAY2, DAY2)).toEqual([
        { date: `${DAY2}T00:00:00Z`, coefficient: 0, cost: 0 },
      ]);
    } finally {
      sandbox.control.setFaults({ feedOff: false });
    }
  });

  it("refreshes the header token, and reports the session lost once WB ends it", async () => {
    const { portal } = await loggedIn();
    expect((await portal.refreshHeader()).expiresInMs).toBe(300_000);
    sandbox.control.setFaults({ expireSessions: true });
    await expect(portal.refreshHeader()).rejects.toBeInstanceOf(PortalSessionLost);
    await expect(portal.listDrafts()).rejects.toBeInstanceOf(PortalSessionLost);
    expect(await portal.health()).toBe("logged_out");
  });

  it("a context restored from the saved state is the same device: logged in, and its challenge token books", async () => {
    const { seller, context, page, portal: first, supplierId } = await loggedIn();
    // The page's header token lives in its sessionStorage once it has one.
    await first.refreshHeader();
    const saved = parseBrowserState(JSON.stringify(await captureBrowserState(context, page)));
    if (!saved) throw new Error("state did not round-trip");
    expect(saved.origins[0]?.localStorage.map((i) => i.name)).toContain("wb-device-id");
    expect(JSON.stringify(saved.origins[0])).toContain('"indexedDB":[{"name":"wb-antibot"');
    expect(saved.sessionStorage[0]?.items.map((i) => i.name)).toContain("wb-seller-lk");
    const deviceBefore = await page.evaluate(() => localStorage.getItem("wb-device-id"));
    await context.close();

    const restored = await newPage(saved);
    const portal = await driver.open(restored.page);
    expect(portal).not.toBeNull();
    expect(await restored.page.evaluate(() => sessionStorage.getItem("wb-seller-lk"))).toBe(
      saved.sessionStorage[0]?.items.find((i) => i.name === "wb-seller-lk")?.value,
    );
    expect(await restored.page.evaluate(() => localStorage.getItem("wb-device-id"))).toBe(deviceBefore);
    expect(sandbox.control.logins(seller.phone)).toBe(1);

    // Planning from inside the restored page: its challenge passes, because it is the same device.
    const { preorderId } = sandbox.control.createPreorder({ supplierId, warehouseId: 507, boxTypeId: 2 });
    sandbox.control.setCell({ warehouseId: 507, date: DAY2, boxTypeId: 2, coefficient: 0, capacity: 5 });
    const params = { preOrderId: preorderId, deliveryDate: `${DAY2}T00:00:00Z`, warehouseId: 507 };
    expect(await portal?.rpc(RPC.planAdd, params, { captcha: PLAN_CHALLENGE })).toMatchObject({
      preorderID: preorderId,
    });

    // Cookies alone are not the device: a context without its storage is refused at the challenge.
    const cookiesOnly = await newPage({ ...saved, origins: [], sessionStorage: [] });
    const bare = await driver.open(cookiesOnly.page);
    const { preorderId: other } = sandbox.control.createPreorder({ supplierId, warehouseId: 507, boxTypeId: 2 });
    await expect(
      bare?.rpc(RPC.planAdd, { ...params, preOrderId: other }, { captcha: PLAN_CHALLENGE }),
    ).rejects.toMatchObject({
      reason: "captcha_invalid",
    });
  });

  it("plans with the challenge solved ahead — no challenge at booking time — and solves anew when WB refuses the one kept", async () => {
    const { page, portal, supplierId } = await loggedIn();
    const challenges: string[] = [];
    page.on("request", (r) => {
      if (r.url().includes(POW_PATHS.getTask)) challenges.push(r.url());
    });
    const solved = () => page.waitForResponse((r) => r.url().includes(POW_PATHS.verifyAnswer) && r.ok());
    const planned = async (preorderId: number) =>
      (await portal.listSupplies()).find((s) => s.preorderId === preorderId)?.statusId;
    sandbox.control.setCell({ warehouseId: 507, date: DAY2, boxTypeId: 2, coefficient: 0, capacity: 5 });
    const request = (preorderId: number) => ({ preorderId, date: DAY2, warehouseId: 507, boxTypeId: 2 });

    let kept = solved();
    await portal.primeChallenge();
    await kept;
    await portal.primeChallenge(); // still fresh: kept as it is, nothing solved again
    expect(challenges).toHaveLength(1);
    const first = sandbox.control.createPreorder({ supplierId, warehouseId: 507, boxTypeId: 2 }).preorderId;
    await portal.planByRpc(request(first));
    expect(challenges).toHaveLength(1);
    expect(await planned(first)).toBe(2);

    // Spent: the next plan solves its own.
    const second = sandbox.control.createPreorder({ supplierId, warehouseId: 507, boxTypeId: 2 }).preorderId;
    await portal.planByRpc(request(second));
    expect(challenges).toHaveLength(2);
    expect(await planned(second)).toBe(2);

    // WB's token lives 60 s: one kept past that is refused, and the page solves a new one at once.
    kept = solved();
    await portal.primeChallenge();
    await kept;
    sandbox.control.advance(61_000);
    const third = sandbox.control.createPreorder({ supplierId, warehouseId: 507, boxTypeId: 2 }).preorderId;
    await portal.planByRpc(request(third));
    expect(challenges).toHaveLength(4);
    expect(await planned(third)).toBe(2);
  });

  it("books by clicks from a page waiting on the supply's page without loading it again; a page a booking used, or one sent elsewhere, loads it afresh", async () => {
    const { page, portal, supplierId } = await loggedIn();
    const loads: string[] = [];
    page.on("request", (r) => {
      if (r.isNavigationRequest()) loads.push(new URL(r.url()).pathname);
    });
    const supplyLoads = () => loads.filter((path) => path.endsWith("/supply-detail")).length;
    const planned = async (preorderId: number) =>
      (await portal.listSupplies()).find((s) => s.preorderId === preorderId)?.statusId;
    sandbox.control.setCell({ warehouseId: 507, date: DAY2, boxTypeId: 2, coefficient: 0, capacity: 5 });
    const request = (preorderId: number) => ({ preorderId, date: DAY2, warehouseId: 507, boxTypeId: 2 });

    const first = sandbox.control.createPreorder({ supplierId, warehouseId: 507, boxTypeId: 2 }).preorderId;
    await portal.openSupplyPage(first);
    await portal.openSupplyPage(first); // already there: kept as it is
    expect(supplyLoads()).toBe(1);
    // Waiting there, the page still works for the portal's other calls.
    expect(await planned(first)).toBe(1);
    await portal.planByUi(request(first));
    expect(supplyLoads()).toBe(1);
    expect(await planned(first)).toBe(2);

    // The booking spent the wait: the page shows its result, so the next booking loads the page.
    const second = sandbox.control.createPreorder({ supplierId, warehouseId: 507, boxTypeId: 2 }).preorderId;
    await portal.planByUi(request(second));
    expect(supplyLoads()).toBe(2);
    expect(await planned(second)).toBe(2);

    // Waiting on one supply's page, then sent home by a health check: the booking loads its page.
    const third = sandbox.control.createPreorder({ supplierId, warehouseId: 507, boxTypeId: 2 }).preorderId;
    await portal.openSupplyPage(third);
    expect(await portal.health()).toBe("ok");
    await portal.planByUi(request(third));
    expect(supplyLoads()).toBe(4);
    expect(await planned(third)).toBe(2);
  });
});
