import type { Page } from "playwright";
import { PortalSessionLost } from "./errors.ts";

/** A supply's page in the portal, where «Запланировать поставку» is (the sandbox's address; WB's: unverified). */
function supplyPageUrl(seller: string, preorderId: number): string {
  return `${seller}/supplies-management/all-supplies/supply-detail?preorderId=${preorderId}`;
}

export interface SupplyPageParking {
  /** Takes the page to the supply's page ahead of a booking and leaves it waiting there. */
  open(preorderId: number): Promise<void>;
  /** A booking's start: the supply's page, loaded unless the page waits on it untouched. */
  enter(preorderId: number): Promise<void>;
}

/**
 * The UI strategy's waiting position. `open` takes the page to the supply's page ahead of a booking,
 * as a seller waiting for a slot sits on it, and marks it there (a page global: any navigation or
 * reload wipes it). `enter` is the booking's start: when the page still sits there untouched since,
 * the booking starts with its first click instead of loading the page, the costliest part of
 * booking by clicks (~0.5 CPU-s of Chromium's). Entering spends the mark: a page a booking has
 * clicked on (a calendar left open, an error line) is loaded afresh by the next.
 */
export function supplyPageParking(page: Page, seller: string, onLoginPage: (page: Page) => boolean): SupplyPageParking {
  /** Whether the page still holds the mark `open` left (and spends it). */
  const marked = (preorderId: number) =>
    page.evaluate((id) => {
      const g = globalThis as unknown as { __slotpilotParked?: number };
      const here = g.__slotpilotParked === id;
      delete g.__slotpilotParked;
      return here;
    }, preorderId);
  /** Where `open` left the page and no booking has been since: kept here too, so a page still waiting costs no round trip to check. */
  let waiting: number | undefined;
  const isThere = (preorderId: number) => page.url() === supplyPageUrl(seller, preorderId);
  return {
    async open(preorderId: number): Promise<void> {
      if (waiting === preorderId && isThere(preorderId)) return;
      waiting = undefined;
      await page.goto(supplyPageUrl(seller, preorderId), { waitUntil: "domcontentloaded" });
      if (onLoginPage(page)) throw new PortalSessionLost("the portal bounced the supply page to login");
      await page.evaluate((id) => {
        (globalThis as unknown as { __slotpilotParked?: number }).__slotpilotParked = id;
      }, preorderId);
      waiting = preorderId;
    },
    async enter(preorderId: number): Promise<void> {
      const there = waiting === preorderId && isThere(preorderId);
      waiting = undefined;
      // The page's own mark as well: a reload to the same address (nothing here does one) wipes it.
      if (there && (await marked(preorderId))) return;
      await page.goto(supplyPageUrl(seller, preorderId), { waitUntil: "domcontentloaded" });
    },
  };
}
