import type { Page } from "playwright";

/** What a wait inside the page found: the element's `data-*` attributes and its text, or nothing in time. */
export type FoundElement = { data: Record<string, string>; text: string } | null;

const POLL_MS = 16;

/** The little of the page's DOM these waits touch (this package is compiled without the DOM's types). */
export interface PageElement {
  readonly dataset: Record<string, string>;
  readonly textContent: string | null;
  readonly disabled?: boolean;
  scrollIntoView(options: { block: string; inline: string }): void;
  getBoundingClientRect(): { left: number; top: number; width: number; height: number };
  contains(other: unknown): boolean;
}
export interface PageDocument {
  querySelector(selector: string): PageElement | null;
  getElementById(id: string): PageElement | null;
  elementFromPoint(x: number, y: number): unknown;
}

/**
 * Waits inside the page — one call, no round trip per poll — for the first element matching
 * `selector`, up to `timeoutMs`. Rejects when the page navigates away under it (a session bounced
 * to login); the caller tells that apart.
 */
export function findInPage(page: Page, selector: string, timeoutMs: number): Promise<FoundElement> {
  return page.evaluate(
    async ({ selector, timeoutMs, pollMs }) => {
      const end = performance.now() + timeoutMs;
      for (;;) {
        const element = (globalThis as unknown as { document: PageDocument }).document.querySelector(selector);
        if (element) return { data: { ...element.dataset }, text: element.textContent ?? "" };
        if (performance.now() > end) return null;
        await new Promise((resolve) => setTimeout(resolve, pollMs));
      }
    },
    { selector, timeoutMs, pollMs: POLL_MS },
  );
}

/**
 * A seller's click: waits inside the page until `selector` is there, enabled, laid out and the
 * topmost element at its centre (scrolled into view), then presses the mouse there — trusted input
 * through the browser, as a person's click is. Playwright's `locator.click` checks the same, but
 * with a round trip and animation frames for each check; twenty pages clicking at once on two cores
 * spent about a third of their CPU on that (`bench booking --strategies=ui`). False when the element
 * was not ready in time.
 */
export async function clickInPage(page: Page, selector: string, timeoutMs: number): Promise<boolean> {
  const point = await page.evaluate(
    async ({ selector, timeoutMs, pollMs }) => {
      const end = performance.now() + timeoutMs;
      for (;;) {
        const document = (globalThis as unknown as { document: PageDocument }).document;
        const element = document.querySelector(selector);
        if (element && !element.disabled) {
          element.scrollIntoView({ block: "center", inline: "center" });
          const box = element.getBoundingClientRect();
          const x = box.left + box.width / 2;
          const y = box.top + box.height / 2;
          const top = box.width > 0 && box.height > 0 ? document.elementFromPoint(x, y) : null;
          if (top && element.contains(top)) return { x, y };
        }
        if (performance.now() > end) return null;
        await new Promise((resolve) => setTimeout(resolve, pollMs));
      }
    },
    { selector, timeoutMs, pollMs: POLL_MS },
  );
  if (!point) return false;
  await page.mouse.click(point.x, point.y);
  return true;
}
