import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createTestApi } from "@slotpilot/api/testing";
import { launchChromium } from "@slotpilot/browser";
import type { WbHosts } from "@slotpilot/wb";
import type { Browser, Page } from "playwright";

const MINIAPP_DIST = fileURLToPath(new URL("../miniapp/dist", import.meta.url));

/**
 * The Mini App as a seller uses it: built, served by the API in demo mode on its own database, in
 * real Chromium at a phone's width. In a plain browser the app signs in through `/dev/session` and
 * runs on the SDK's mocked Telegram client, so this covers the same code path as inside Telegram.
 */
export async function openMiniapp(pgAdminUrl: string, options: { wbHosts?: WbHosts } = {}) {
  if (!existsSync(`${MINIAPP_DIST}/index.html`)) {
    throw new Error(`The Mini App is not built (${MINIAPP_DIST} is missing): run pnpm build first.`);
  }
  const api = await createTestApi(pgAdminUrl, {
    mode: "demo",
    miniappDir: MINIAPP_DIST,
    ...(options.wbHosts ? { wbHosts: options.wbHosts } : {}),
  });
  let browser: Browser | undefined;
  try {
    const url = await api.listen();
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
    const page: Page = await context.newPage();
    const pageErrors: Error[] = [];
    page.on("pageerror", (error) => pageErrors.push(error));
    const opened = browser;
    return {
      api,
      url,
      page,
      /** Uncaught errors in the page; a test ends by expecting none. */
      pageErrors,
      heading: (name: string) => page.getByRole("heading", { name, exact: true }),
      close: async () => {
        await opened.close();
        await api.close();
      },
    };
  } catch (error) {
    await browser?.close();
    await api.close();
    throw error;
  }
}
