import type { Logger } from "@slotpilot/observability";
import { type BrowserState, contextStateOptions, restoreSessionStorage } from "@slotpilot/portal";
import type { Browser, BrowserContext, Page } from "playwright";
import { processTreeMemory, type TreeMemory } from "./process-memory.ts";

export interface PoolOptions {
  /** Starts Chromium (`launchChromium` from @slotpilot/browser in production). */
  launch: () => Promise<Browser>;
  /** Contexts (cabinets) one browser carries at most. */
  capacity: number;
  log: Logger;
}

/** A cabinet's own context (its cookies and storage: its "device") and its one warm page. */
export interface CabinetContext {
  cabinetId: number;
  context: BrowserContext;
  page: Page;
  openedAt: number;
}

export type LostReason = "browser" | "page";

/**
 * One Chromium per worker process, one context per leased cabinet, at most `capacity` of them.
 * (The portal's Chromium loads no pictures: `launchPortalChromium`.) A browser that dies or a page that crashes
 * is reported through `onLost` with the cabinets it took down; the next `open` relaunches Chromium.
 */
export class BrowserPool {
  readonly capacity: number;
  /** Told which cabinets lost their context, and why; set by the session keeper. */
  onLost: (cabinetIds: number[], why: LostReason) => void = () => {};
  private readonly options: PoolOptions;
  private readonly contexts = new Map<number, CabinetContext>();
  private browser: Browser | undefined;
  private launching: Promise<Browser> | undefined;
  private stopping = false;

  constructor(options: PoolOptions) {
    this.options = options;
    this.capacity = options.capacity;
  }

  get size(): number {
    return this.contexts.size;
  }

  get(cabinetId: number): CabinetContext | undefined {
    return this.contexts.get(cabinetId);
  }

  /** A fresh context for the cabinet, restored from `state` (its previous one is closed first). */
  async open(cabinetId: number, state: BrowserState | null): Promise<CabinetContext> {
    await this.close(cabinetId);
    if (this.contexts.size >= this.capacity) throw new Error(`browser pool is full (${this.capacity} contexts)`);
    const browser = await this.ensureBrowser();
    const context = await browser.newContext({
      ...contextStateOptions(state),
      // One consistent device: a Russian seller's desktop browser, every time.
      locale: "ru-RU",
      timezoneId: "Europe/Moscow",
      viewport: { width: 1280, height: 800 },
      serviceWorkers: "block",
    });
    try {
      context.setDefaultTimeout(20_000);
      context.setDefaultNavigationTimeout(30_000);
      await restoreSessionStorage(context, state);
      const page = await context.newPage();
      const entry: CabinetContext = { cabinetId, context, page, openedAt: Date.now() };
      page.once("crash", () => {
        if (this.contexts.get(cabinetId) !== entry) return;
        this.options.log.warn("portal page crashed", { cabinetId });
        this.contexts.delete(cabinetId);
        void context.close().catch(() => {});
        this.onLost([cabinetId], "page");
      });
      this.contexts.set(cabinetId, entry);
      return entry;
    } catch (error) {
      await context.close().catch(() => {});
      throw error;
    }
  }

  async close(cabinetId: number): Promise<void> {
    const entry = this.contexts.get(cabinetId);
    if (!entry) return;
    this.contexts.delete(cabinetId);
    await entry.context.close().catch(() => {});
  }

  /** Memory of this process and all its Chromium processes. */
  memory(): Promise<TreeMemory> {
    return processTreeMemory();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const all = [...this.contexts.keys()];
    for (const id of all) await this.close(id);
    const browser = this.browser ?? (await this.launching?.catch(() => undefined));
    this.browser = undefined;
    await browser?.close().catch(() => {});
  }

  private async ensureBrowser(): Promise<Browser> {
    if (this.browser?.isConnected()) return this.browser;
    this.launching ??= this.options.launch().then(
      (browser) => {
        this.browser = browser;
        this.launching = undefined;
        browser.once("disconnected", () => this.disconnected(browser));
        this.options.log.info("chromium started");
        return browser;
      },
      (error: unknown) => {
        this.launching = undefined;
        throw error;
      },
    );
    return this.launching;
  }

  private disconnected(browser: Browser): void {
    if (this.browser !== browser) return;
    this.browser = undefined;
    if (this.stopping) return;
    const lost = [...this.contexts.keys()];
    this.contexts.clear();
    this.options.log.warn("chromium went away; its cabinets will be reopened from their saved state", {
      cabinets: lost.length,
    });
    this.onLost(lost, "browser");
  }
}
