import type { WbHosts } from "@slotpilot/wb";
import type { Page } from "playwright";
import type { LoginStep, PortalCabinet, PortalDriver, PortalLogin, PortalPage, RpcOptions } from "./driver.ts";
import { PortalUnavailable } from "./errors.ts";
import { evaluateInPage, type InPageAnswer, settle } from "./in-page.ts";
import { draftPreorders, portalReads } from "./page-methods.ts";
import { planByRpc, replanByRpc } from "./planning.ts";
import { sandboxPlanByUi } from "./sandbox-plan-ui.ts";
import { supplyPageParking } from "./supply-page.ts";
import { PLAN_CHALLENGE } from "./wb-paths.ts";

/**
 * The sandbox's captcha token lives 60 s: one solved ahead is spent only while younger than 45 s,
 * and solved again once older than 30 s (so one booking a slot finds is never without).
 */
const PRIMED_TOKEN_MAX_AGE_MS = 45_000;
const PRIMED_TOKEN_REFRESH_MS = 30_000;

/** The page's challenge answer, and one solved ahead as the page keeps it (types only: in-page code). */
type Token = { token: string; latency: string };
type Primed = { action: string; at: number; token: Promise<Token | null> };

/**
 * The portal driver for the WB sandbox, written against the selectors and paths in
 * `sandbox/README.md`. It drives the login forms like a seller would, and runs every JSON-RPC call
 * through the page's own runtime (`window.__wbPortal`: its header token, its challenge script).
 */
export function sandboxPortalDriver(hosts: Pick<WbHosts, "seller" | "seller-auth">): PortalDriver {
  const homeUrl = `${hosts.seller}/supplies-management/all-supplies`;
  const loginUrl = `${hosts["seller-auth"]}/ru/?redirect_url=${encodeURIComponent(new URL(homeUrl).pathname)}`;
  const onLoginPage = (page: Page) => page.url().startsWith(hosts["seller-auth"]);

  async function submit(page: Page, field: string, value: string, button: string): Promise<void> {
    await page.fill(field, value);
    await Promise.all([page.waitForEvent("load"), page.click(button)]);
  }

  /** Reads which step the login page shows now. */
  async function step(page: Page): Promise<LoginStep> {
    if (!onLoginPage(page)) return loggedIn(page);
    const errorLine = page.locator('[data-testid="login-error"]');
    const error = (await errorLine.count()) > 0 ? ((await errorLine.first().textContent()) ?? "").trim() : "";
    if (await page.locator("#captcha-image").count()) {
      return { kind: "captcha", image: await captchaImage(page), retry: error !== "" };
    }
    if (await page.locator("#code").count())
      return error ? { kind: "refused", reason: "code_wrong" } : { kind: "code" };
    if (/не найден/i.test(error)) return { kind: "refused", reason: "phone_unknown" };
    if (/полностью/i.test(error)) return { kind: "refused", reason: "phone_invalid" };
    if (error) return { kind: "refused", reason: "code_expired" };
    throw new PortalUnavailable("the login page shows none of the steps this driver knows");
  }

  async function loggedIn(page: Page): Promise<LoginStep> {
    const portal = pageOf(page);
    const [cabinets, current] = await Promise.all([portal.cabinets(), portal.cabinet()]);
    return cabinets.length > 1 ? { kind: "choose_cabinet", cabinets } : { kind: "done", cabinet: current };
  }

  function pageOf(page: Page): PortalPage {
    const parking = supplyPageParking(page, hosts.seller, onLoginPage);
    const call = async <T>(path: string, params: Record<string, unknown>, options: RpcOptions = {}): Promise<T> => {
      const answer = await evaluateInPage(
        page,
        async ({ path, params, captcha, maxAgeMs }): Promise<InPageAnswer> => {
          type Answer = {
            raw?: string;
            error?: { code: number; message: string; data?: { reason?: string; status?: number } };
          };
          type Runtime = {
            call(p: string, q: unknown, h: Record<string, string> | undefined, o: { raw: boolean }): Promise<Answer>;
            captcha(action: string): Promise<Token>;
          };
          const g = globalThis as unknown as { __wbPortal?: Runtime; __slotpilotPrimed?: Primed };
          const portal = g.__wbPortal;
          if (!portal) return { ok: false, gone: false, code: 0, message: "the portal runtime is not loaded" };
          const withToken = (c: Token) => ({ "x-wb-captcha-token": c.token, "x-wb-captcha-latency": c.latency });
          try {
            let headers: Record<string, string> | undefined;
            let primed = false;
            if (captcha) {
              // A token solved ahead of time (`primeChallenge`) is spent once, while fresh enough.
              const stock = g.__slotpilotPrimed;
              g.__slotpilotPrimed = undefined;
              const ahead =
                stock && stock.action === captcha && Date.now() - stock.at < maxAgeMs ? await stock.token : null;
              primed = ahead !== null;
              headers = withToken(ahead ?? (await portal.captcha(captcha)));
            }
            // Raw text: a 5,000-row report crosses into Node far faster as one string than as objects.
            let r = await portal.call(path, params, headers, { raw: true });
            if (primed && captcha && r.error?.data?.reason === "captcha_invalid") {
              // WB refused the token solved ahead (it may live shorter than we think): solve it now, once.
              r = await portal.call(path, params, withToken(await portal.captcha(captcha)), { raw: true });
            }
            if (r.error) {
              const status = r.error.data?.status;
              const code = status !== undefined && status >= 400 ? status : r.error.code;
              return { ok: false, gone: false, code, message: r.error.message, reason: r.error.data?.reason };
            }
            return { ok: true, result: r.raw ?? "null" };
          } catch (e) {
            const error = e as Error;
            if (error?.name === "SessionGone") return { ok: false, gone: true };
            return { ok: false, gone: false, code: 0, message: String(error?.message ?? e) };
          }
        },
        { path, params, captcha: options.captcha, maxAgeMs: PRIMED_TOKEN_MAX_AGE_MS },
      );
      if (answer.ok) return (JSON.parse(answer.result as string) as { result: T }).result;
      return settle<T>(answer);
    };

    /** Starts solving the planning challenge in the page, unless a fresh enough solve is kept there. */
    const primeChallenge = async (): Promise<void> => {
      await evaluateInPage(
        page,
        async ({ action, refreshAfterMs }) => {
          const g = globalThis as unknown as {
            __wbPortal?: { captcha(action: string): Promise<Token> };
            __slotpilotPrimed?: Primed;
          };
          const stock = g.__slotpilotPrimed;
          if (!g.__wbPortal || (stock && stock.action === action && Date.now() - stock.at < refreshAfterMs)) return;
          const token = g.__wbPortal.captcha(action).catch(() => null);
          g.__slotpilotPrimed = { action, at: Date.now(), token };
        },
        { action: PLAN_CHALLENGE, refreshAfterMs: PRIMED_TOKEN_REFRESH_MS },
      );
    };

    const portal: PortalPage = {
      page,
      async cabinet() {
        const el = page.locator('[data-testid="current-supplier"]');
        const id = Number(await el.getAttribute("data-supplier-id"));
        if (!Number.isInteger(id) || id <= 0) throw new PortalUnavailable("the portal page names no cabinet");
        return { supplierId: id, name: ((await el.textContent()) ?? "").trim() };
      },
      async cabinets() {
        const options = await page.locator("#supplier-switch option").evaluateAll((els) =>
          els.map((e) => ({
            id: Number((e as unknown as { value: string }).value),
            name: (e.textContent ?? "").trim(),
          })),
        );
        return options.map((o): PortalCabinet => ({ supplierId: o.id, name: o.name }));
      },
      async switchCabinet(supplierId) {
        const back = encodeURIComponent(new URL(homeUrl).pathname);
        await page.goto(`${hosts.seller}/supplier/switch?supplierId=${supplierId}&back=${back}`, {
          waitUntil: "domcontentloaded",
        });
        const now = await portal.cabinet();
        if (now.supplierId !== supplierId) throw new PortalUnavailable("the portal did not switch to that cabinet");
        return now;
      },
      async health() {
        await page.goto(homeUrl, { waitUntil: "domcontentloaded" });
        if (onLoginPage(page)) return "logged_out";
        await page.waitForFunction(() => "__wbPortal" in globalThis, undefined, { timeout: 10_000 });
        return "ok";
      },
      async refreshHeader() {
        const answer = await evaluateInPage(
          page,
          async (): Promise<InPageAnswer> => {
            const p = (globalThis as unknown as { __wbPortal?: { refreshToken(): Promise<{ expiresIn: number }> } })
              .__wbPortal;
            if (!p) return { ok: false, gone: false, code: 0, message: "the portal runtime is not loaded" };
            try {
              return { ok: true, result: await p.refreshToken() };
            } catch (e) {
              return (e as Error)?.name === "SessionGone"
                ? { ok: false, gone: true }
                : { ok: false, gone: false, code: 0, message: String((e as Error)?.message) };
            }
          },
          undefined,
        );
        const { expiresIn } = settle<{ expiresIn: number }>(answer);
        return { expiresInMs: expiresIn * 1000 };
      },
      rpc: call,
      ...portalReads(call),
      ...draftPreorders(call),
      planByRpc: planByRpc(call),
      planByUi: sandboxPlanByUi(page, onLoginPage, parking),
      openSupplyPage: parking.open,
      replanByRpc: replanByRpc(call),
      primeChallenge,
    };
    return portal;
  }

  return {
    target: "sandbox",
    homeUrl,
    login(page): PortalLogin {
      return {
        async start(phone) {
          await page.goto(loginUrl, { waitUntil: "domcontentloaded" });
          await submit(page, "#phone", phone, "#phone-submit");
          return step(page);
        },
        async captcha(answer) {
          await submit(page, "#captcha", answer, "#captcha-submit");
          return step(page);
        },
        async code(code) {
          await submit(page, "#code", code, "#code-submit");
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

/** The captcha image, fetched by the page itself (images are blocked in the pool's contexts). */
async function captchaImage(page: Page): Promise<{ mime: string; bytes: Buffer }> {
  const src = await page.locator("#captcha-image").getAttribute("src");
  if (!src) throw new PortalUnavailable("the captcha has no image");
  const { mime, base64 } = await evaluateInPage(
    page,
    async (url: string) => {
      const r = await fetch(url, { credentials: "same-origin" });
      const bytes = new Uint8Array(await r.arrayBuffer());
      let binary = "";
      for (const b of bytes) binary += String.fromCharCode(b);
      return { mime: r.headers.get("content-type") ?? "application/octet-stream", base64: btoa(binary) };
    },
    src,
  );
  return { mime, bytes: Buffer.from(base64, "base64") };
}
