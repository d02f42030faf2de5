import type { WbHosts } from "@slotpilot/wb";
import type { Page } from "playwright";
import type { LoginStep, PortalCabinet, PortalDriver, PortalLogin, PortalPage, RpcOptions } from "./driver.ts";
import { PortalNotSupported, PortalUnavailable } from "./errors.ts";
import { evaluateInPage, type InPageAnswer, settle } from "./in-page.ts";
import { draftPreorders, portalReads } from "./page-methods.ts";
import { planByRpc, replanByRpc } from "./planning.ts";
import { supplyPageParking } from "./supply-page.ts";
import { wbPlanByUi } from "./wb-plan-ui.ts";

/**
 * NOT VERIFIED AGAINST LIVE WB. The real-WB portal driver, written only from `shared/wb/FACTS.md`
 * (hosts, cookies, the `wb-seller-lk` header and its refresh path, the JSON-RPC paths and body
 * shape, the login steps). No selector below was checked against WB's pages — they are reasoned
 * guesses (input types, button texts, the `x-supplier-id` cookie) and are expected to need fixing
 * on first contact; `./slotpilot wb-probe` (booking issue) is where a seller checks them. Known gaps:
 * WB asking for the phone again after the code is not handled; the cabinet list is only the current
 * cabinet; the page's anti-bot challenge cannot be invoked yet (`rpc` with `captcha` refuses, so
 * booking falls back to clicking the UI, `wb-plan-ui.ts`, equally unverified).
 */
export function wbPortalDriver(hosts: Pick<WbHosts, "seller" | "seller-auth" | "seller-supply">): PortalDriver {
  const homeUrl = `${hosts.seller}/`;
  const loginUrl = `${hosts["seller-auth"]}/ru/?redirect_url=${encodeURIComponent(homeUrl)}`;
  const tokenUrl = `${hosts.seller}/ns/suppliers-auth/suppliers-portal-core/auth/token`;
  const onLoginPage = (page: Page) => page.url().startsWith(hosts["seller-auth"]);
  const phoneInput = 'input[type="tel"], input[inputmode="tel"]';
  const codeInput = 'input[autocomplete="one-time-code"], input[inputmode="numeric"]';
  const captchaImage = 'img[src*="captcha" i], img[alt*="апч" i]';

  async function press(page: Page, name: RegExp): Promise<void> {
    await page.getByRole("button", { name }).first().click();
    await page.waitForLoadState("domcontentloaded");
    // WB's login is a single-page app: give it a moment to render the next step.
    await page.waitForTimeout(1_000);
  }

  async function step(page: Page): Promise<LoginStep> {
    if (!onLoginPage(page)) {
      const cabinet = await pageOf(page).cabinet();
      return { kind: "done", cabinet };
    }
    const text = (
      (await page
        .locator("body")
        .textContent()
        .catch(() => "")) ?? ""
    ).toLowerCase();
    const image = page.locator(captchaImage).first();
    if (await image.count()) {
      const src = (await image.getAttribute("src")) ?? "";
      const shot = await image.screenshot();
      return {
        kind: "captcha",
        image: { mime: src.startsWith("data:image/svg") ? "image/svg+xml" : "image/png", bytes: shot },
        retry: /невер/.test(text),
      };
    }
    if (await page.locator(codeInput).count())
      return /невер/.test(text) ? { kind: "refused", reason: "code_wrong" } : { kind: "code" };
    if (/не найден|не зарегистр/.test(text)) return { kind: "refused", reason: "phone_unknown" };
    if (/истек|устарел/.test(text)) return { kind: "refused", reason: "code_expired" };
    throw new PortalUnavailable("the WB login page shows a step this driver does not know (unverified driver)");
  }

  function pageOf(page: Page): PortalPage {
    const parking = supplyPageParking(page, hosts.seller, onLoginPage);
    const call = async <T>(path: string, params: Record<string, unknown>, options: RpcOptions = {}): Promise<T> => {
      if (options.captcha) {
        throw new PortalNotSupported("running WB's in-page challenge is not implemented for real WB yet (unverified)");
      }
      const answer = await evaluateInPage(
        page,
        async ({ url, tokenUrl, params }): Promise<InPageAnswer> => {
          const t = await fetch(tokenUrl, { method: "POST", credentials: "include" });
          if (t.status === 401) return { ok: false, gone: true };
          const lk =
            ((await t.json().catch(() => ({}))) as { payload?: { access_token?: string } }).payload?.access_token ?? "";
          const r = await fetch(url, {
            method: "POST",
            credentials: "include",
            headers: { "content-type": "application/json", "wb-seller-lk": lk },
            body: JSON.stringify({ params, jsonrpc: "2.0", id: `json-rpc_${Date.now()}` }),
          });
          if (r.status === 401) return { ok: false, gone: true };
          const j = (await r.json().catch(() => null)) as {
            result?: unknown;
            error?: { code: number; message: string };
          } | null;
          if (!j) return { ok: false, gone: false, code: r.status, message: `HTTP ${r.status}` };
          return j.error
            ? { ok: false, gone: false, code: r.status >= 400 ? r.status : j.error.code, message: j.error.message }
            : { ok: true, result: j.result };
        },
        { url: `${hosts["seller-supply"]}${path}`, tokenUrl, params },
      );
      return settle<T>(answer);
    };
    const portal: PortalPage = {
      page,
      async cabinet() {
        const cookies = await page.context().cookies(homeUrl);
        const id = Number(cookies.find((c) => c.name === "x-supplier-id")?.value);
        if (!Number.isInteger(id) || id <= 0)
          throw new PortalUnavailable("no x-supplier-id cookie (unverified driver)");
        return { supplierId: id, name: String(id) };
      },
      async cabinets(): Promise<PortalCabinet[]> {
        return [await portal.cabinet()];
      },
      async switchCabinet(supplierId) {
        const current = await portal.cabinet();
        if (current.supplierId === supplierId) return current;
        throw new PortalNotSupported("switching cabinets on real WB is not implemented (unverified driver)");
      },
      async health() {
        await page.goto(homeUrl, { waitUntil: "domcontentloaded" });
        return onLoginPage(page) ? "logged_out" : "ok";
      },
      async refreshHeader() {
        const answer = await evaluateInPage(
          page,
          async (url: string): Promise<InPageAnswer> => {
            const r = await fetch(url, { method: "POST", credentials: "include" });
            if (r.status === 401) return { ok: false, gone: true };
            if (!r.ok) return { ok: false, gone: false, code: r.status, message: `HTTP ${r.status}` };
            return { ok: true, result: await r.json().catch(() => ({})) };
          },
          tokenUrl,
        );
        settle(answer);
        // FACTS.md: the header lives about five minutes.
        return { expiresInMs: 5 * 60_000 };
      },
      rpc: call,
      ...portalReads(call),
      // NOT VERIFIED: `supply/create` as FACTS.md describes it; the removal (`supply/delete`) is a
      // guess — FACTS.md names no method — and the listing's `draftID` an assumption.
      ...draftPreorders(call),
      // Refuses (the in-page challenge is not known for real WB): the booker falls back to the UI.
      planByRpc: planByRpc(call),
      planByUi: wbPlanByUi(page, onLoginPage, parking),
      // NOT VERIFIED: the supply page's address is the sandbox's (see wb-plan-ui.ts).
      openSupplyPage: parking.open,
      // NOT VERIFIED: `plan/update {supplyID, deliveryDate}` as FACTS.md names it. It needs the same
      // in-page challenge as `plan/add`, which this driver cannot run yet, so it refuses
      // (`PortalNotSupported`) and the booker records the move as missed; there is no UI way to move.
      replanByRpc: replanByRpc(call),
      // Nothing to solve ahead: WB's in-page challenge cannot be invoked by this driver yet.
      primeChallenge: async () => {},
    };
    return portal;
  }

  return {
    target: "wb",
    homeUrl,
    login(page): PortalLogin {
      return {
        async start(phone) {
          await page.goto(loginUrl, { waitUntil: "domcontentloaded" });
          // The field pre-fills "+7": type the ten digits after it.
          const input = page.locator(phoneInput).first();
          await input.click();
          await input.pressSequentially(phone.replace(/\D/g, "").slice(-10), { delay: 40 });
          await press(page, /получить код|продолжить|далее/i);
          return step(page);
        },
        async captcha(answer) {
          await page.locator('input:not([type="tel"]):visible').first().fill(answer);
          await press(page, /продолжить|отправить|далее/i);
          return step(page);
        },
        async code(code) {
          await page.locator(codeInput).first().pressSequentially(code, { delay: 40 });
          await page.waitForLoadState("domcontentloaded");
          await page.waitForTimeout(2_000);
          return step(page);
        },
        async chooseCabinet(supplierId) {
          return { kind: "done", cabinet: await pageOf(page).switchCabinet(supplierId) };
        },
      };
    },
    async open(page) {
      const portal = pageOf(page);
      return (await portal.health()) === "ok" ? portal : null;
    },
  };
}
