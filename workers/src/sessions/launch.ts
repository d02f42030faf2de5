import { launchChromium } from "@slotpilot/browser";
import type { Browser } from "playwright";

/**
 * The features Playwright disables by default (1.65, its `chromiumSwitches.ts`). Chromium keeps only
 * the last `--disable-features` it is given, so ours must repeat them; `launch.test.ts` compares this
 * list with the one Playwright actually passes, so an upgrade that changes it fails a test.
 */
export const PLAYWRIGHT_DISABLED_FEATURES: readonly string[] = [
  "AvoidUnnecessaryBeforeUnloadCheckSync",
  "DestroyProfileOnBrowserClose",
  "HttpsUpgrades",
  "HttpsFirstBalancedModeAutoEnable",
  "LensOverlay",
  "MediaRouter",
  "PaintHolding",
  "ThirdPartyStoragePartitioning",
  "AvoidCorsURLLoaderRestartOnRedirect",
  "TcpPortRandomizationWin",
  "OptimizationHints",
  "NetworkTimeServiceQuerying",
  "AimEnabled",
  "PreconnectToSearch",
  "msForceBrowserSignIn",
  "msEdgeUpdateLaunchServicesPreferredVersion",
];

/**
 * New headless Chromium builds real browser windows, and each window (one per context) preloads
 * the omnibox popup's WebUI in a renderer of its own: a second renderer per cabinet, about 30 MB,
 * for an address bar nobody sees. Measured with `bench/src/portal-memory.ts`.
 */
const PORTAL_DISABLED_FEATURES = ["WebUIOmniboxPopup", "WebUIOmniboxAimPopup"];

export const PORTAL_CHROMIUM_ARGS: readonly string[] = [
  `--disable-features=${[...PLAYWRIGHT_DISABLED_FEATURES, ...PORTAL_DISABLED_FEATURES].join(",")}`,
  /**
   * A warm portal page needs its scripts and data, not its pictures: Blink loads none (a captcha
   * picture is read with the page's own `fetch`, which this does not touch). Done here rather than
   * by Playwright's request routing, which pauses every request of every page for a round trip to
   * Node and turns the HTTP cache off — each visit to WB's large portal would fetch all its
   * scripts again.
   */
  "--blink-settings=imagesEnabled=false",
];

/** Chromium as the session keeper runs it: many small contexts for a long time, no screen. */
export function launchPortalChromium(
  options: { chromiumPath?: string; args?: readonly string[] } = {},
): Promise<Browser> {
  return launchChromium({
    ...(options.chromiumPath ? { chromiumPath: options.chromiumPath } : {}),
    args: [...PORTAL_CHROMIUM_ARGS, ...(options.args ?? [])],
    // The process's own shutdown closes the pool in order (sessions saved, then the browser).
    // Playwright would otherwise close Chromium the moment SIGTERM/SIGINT arrives, and the keeper
    // would take it for a crash. A process that dies outright still takes Chromium with it: it
    // runs on a pipe that closes with the process.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
}
