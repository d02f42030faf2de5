import type { Browser, Page } from "playwright";
import type { Sandbox } from "./index.ts";
import type { CookieJar } from "./test-support.ts";

/**
 * A logged-in portal page in real Chromium for a seller whose cookies are in `jar` (logged in over
 * HTTP): the way tests get captcha tokens now that only the page's own challenge earns one.
 */
export async function portalPage(browser: Browser, sandbox: Sandbox, jar: CookieJar): Promise<Page> {
  const context = await browser.newContext();
  await context.addCookies([...jar.cookies].map(([name, value]) => ({ name, value, url: sandbox.url })));
  const page = await context.newPage();
  await page.goto(`${sandbox.hosts.seller}/supplies-management/all-supplies`);
  await page.waitForFunction(() => "__wbPortal" in globalThis);
  return page;
}

/** Runs the page's challenge; the headers `plan/*` needs, and the browser they are good for. */
export async function pageCaptcha(page: Page): Promise<{ headers: Record<string, string>; userAgent: string }> {
  const { token, latency, userAgent } = await page.evaluate(async () => {
    type Portal = { captcha(action: string): Promise<{ token: string; latency: string }> };
    const portal = (globalThis as unknown as { __wbPortal: Portal }).__wbPortal;
    return { ...(await portal.captcha("ADD_OR_UPDATE_SUPPLY")), userAgent: navigator.userAgent };
  });
  return { headers: { "x-wb-captcha-token": token, "x-wb-captcha-latency": latency }, userAgent };
}
