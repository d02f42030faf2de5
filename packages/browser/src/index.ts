import { existsSync } from "node:fs";
import { type Browser, chromium, type LaunchOptions } from "playwright";

// Chromium builds a distribution installs; used when Playwright's own browser is not installed.
const SYSTEM_CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

/**
 * Where Chromium is: the path given, else Playwright's own download (`playwright install chromium`),
 * else a system Chromium. Undefined means "let Playwright use its own".
 */
export function chromiumExecutable(explicit?: string): string | undefined {
  if (explicit) return explicit;
  try {
    if (existsSync(chromium.executablePath())) return undefined;
  } catch {
    // Playwright throws when its browser registry has no entry for this platform.
  }
  return SYSTEM_CHROMIUM.find((path) => existsSync(path));
}

/**
 * Launches headless Chromium. Flags: no sandbox when running as root (Chromium refuses otherwise),
 * and no background networking, which would otherwise dial Google from a closed network.
 */
export function launchChromium(options: LaunchOptions & { chromiumPath?: string } = {}): Promise<Browser> {
  const { chromiumPath, ...launch } = options;
  const executablePath = chromiumExecutable(chromiumPath);
  return chromium.launch({
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
