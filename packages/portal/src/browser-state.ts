import type { BrowserContext, Page } from "playwright";

type StorageState = Awaited<ReturnType<BrowserContext["storageState"]>>;

const RESTORED_MARK = "__slotpilot_restored";

/**
 * Everything a browser keeps for a site between visits — cookies, localStorage, IndexedDB — plus
 * sessionStorage, which Playwright's storage state leaves out. Restoring all of it into each new
 * context makes WB see one consistent device rather than a new one every time.
 */
export interface BrowserState extends StorageState {
  sessionStorage: { origin: string; items: { name: string; value: string }[] }[];
}

/** Captures the context's state; `page`'s origin gives the sessionStorage (it lives per tab). */
export async function captureBrowserState(context: BrowserContext, page: Page | undefined): Promise<BrowserState> {
  const storage = await context.storageState({ indexedDB: true });
  const sessionStorage: BrowserState["sessionStorage"] = [];
  if (page && !page.isClosed()) {
    const origin = safeOrigin(page.url());
    if (origin) {
      const items = await page.sessionStorage.items().catch(() => []);
      const kept = items.filter((i) => i.name !== RESTORED_MARK);
      if (kept.length > 0) sessionStorage.push({ origin, items: kept });
    }
  }
  return { ...storage, sessionStorage };
}

/** The options a new context is created with to carry `state`. */
export function contextStateOptions(state: BrowserState | null): { storageState?: StorageState } {
  if (!state) return {};
  const { sessionStorage: _sessionStorage, ...storage } = state;
  return { storageState: storage };
}

/**
 * Puts the saved sessionStorage back: an init script seeds each origin's items once per tab, before
 * the page's own scripts run, and never again in that tab (the page may clear it on purpose).
 */
export async function restoreSessionStorage(context: BrowserContext, state: BrowserState | null): Promise<void> {
  const byOrigin = Object.fromEntries((state?.sessionStorage ?? []).map((s) => [s.origin, s.items]));
  if (Object.keys(byOrigin).length === 0) return;
  await context.addInitScript(
    ({ saved, mark }: { saved: Record<string, { name: string; value: string }[]>; mark: string }) => {
      const g = globalThis as unknown as {
        location: { origin: string };
        sessionStorage: { getItem(k: string): string | null; setItem(k: string, v: string): void };
      };
      const items = saved[g.location.origin];
      if (!items || g.sessionStorage.getItem(mark) !== null) return;
      for (const { name, value } of items) g.sessionStorage.setItem(name, value);
      g.sessionStorage.setItem(mark, "1");
    },
    { saved: byOrigin, mark: RESTORED_MARK },
  );
}

/** Parses what was stored; null for anything that is not a browser state (an older format, damage). */
export function parseBrowserState(json: string): BrowserState | null {
  try {
    const value = JSON.parse(json) as Partial<BrowserState>;
    if (!Array.isArray(value.cookies) || !Array.isArray(value.origins)) return null;
    return {
      cookies: value.cookies,
      origins: value.origins,
      sessionStorage: value.sessionStorage ?? [],
    } as BrowserState;
  } catch {
    return null;
  }
}

function safeOrigin(url: string): string | undefined {
  try {
    const origin = new URL(url).origin;
    return origin === "null" ? undefined : origin;
  } catch {
    return undefined;
  }
}
