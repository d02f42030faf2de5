import { existsSync } from "node:fs";
import type { Browser, LaunchOptions } from "playwright";

/**
 * Playwright is loaded on the first launch, not at import: its bundles keep ~18 MB of source text
 * in the V8 heap, which a process that never starts a browser (the API with `PORTAL_SESSIONS=off`)
 * should not carry.
 */
const playwrightChromium = async () => (await import("playwright")).chromium;

// Chromium builds a distribution installs; used when Playwright's own browser is not installed.
const SYSTEM_CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

/**
 * Where Chromium is: the path given, else Playwright's own download (`playwright install chromium`),
 * else a system Chromium. Undefined means "let Playwright use its own".
 */
async function chromiumExecutable(explicit?: string): Promise<string | undefined> {
  if (explicit) return explicit;
  try {
    if (existsSync((await playwrightChromium()).executablePath())) return undefined;
  } catch {
    // Playwright throws when its browser registry has no entry for this platform.
  }
  return SYSTEM_CHROMIUM.find((path) => existsSync(path));
}

/**
 * Launches headless Chromium. Flags: no sandbox when running as root (Chromium refuses otherwise),
 * and no background networking, which would otherwise dial Google from a closed network.
 */
export async function launchChromium(options: LaunchOptions & { chromiumPath?: string } = {}): Promise<Browser> {
  const { chromiumPath, ...launch } = options;
  const executablePath = await chromiumExecutable(chromiumPath);
  return (await playwrightChromium()).launch({
    headless: true,
    ...(executablePath ? { executablePath } : {}),
    ...launch,
    args: [
      ...(process.getuid?.() === 0 ? ["--no-sandbox"] : []),
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      ...(launch.args ?? []),
    ],
  });
}
