import type { Page } from "playwright";
import type { PortalPage } from "./driver.ts";
import { PortalRpcError, PortalSessionLost, PortalUnavailable } from "./errors.ts";
import { refusalOf } from "./sandbox-plan-ui.ts";
import type { SupplyPageParking } from "./supply-page.ts";

const MONTHS = [
  "января",
  "февраля",
  "марта",
  "апреля",
  "мая",
  "июня",
  "июля",
  "августа",
  "сентября",
  "октября",
  "ноября",
  "декабря",
];

/** «25 ноября»: how WB's planning calendar names a day (FACTS.md). */
export function ruDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
}

/**
 * NOT VERIFIED AGAINST LIVE WB. Booking by clicking on real WB, written from FACTS.md's description
 * of the flow only: the supply's page (unless the page waits on it already) → «Запланировать поставку» → the day's cell (found by its
 * text, «25 ноября») → «Выбрать» → «Запланировать». The supply page's address is the sandbox's
 * approximation, and the refusal texts are the sandbox's; expect both to need fixing on first contact
 * (`./slotpilot wb-probe` runs the dry run of this path).
 */
export function wbPlanByUi(
  page: Page,
  onLoginPage: (page: Page) => boolean,
  parking: SupplyPageParking,
): PortalPage["planByUi"] {
  return async (request, options = {}) => {
    await parking.enter(request.preorderId);
    if (onLoginPage(page)) throw new PortalSessionLost("WB bounced the supply page to login");
    const plan = page.getByRole("button", { name: /запланировать поставку/i }).first();
    try {
      await plan.waitFor({ timeout: 15_000 });
    } catch {
      throw new PortalUnavailable("no «Запланировать поставку» on the supply page (unverified driver)");
    }
    await plan.click();
    const cell = page
      .locator("div, li, td", { hasText: ruDay(request.date) })
      .filter({ hasText: /✕|x\d/ })
      .last();
    try {
      await cell.waitFor({ timeout: 15_000 });
    } catch {
      throw new PortalRpcError("the day is not open in WB's calendar", 0, "slot_closed");
    }
    await cell
      .getByRole("button", { name: /выбрать/i })
      .first()
      .click();
    if (options.dryRun) return { supplyId: null };
    await page
      .getByRole("button", { name: /^запланировать$/i })
      .first()
      .click();
    const end = Date.now() + 30_000;
    for (;;) {
      if (onLoginPage(page)) throw new PortalSessionLost("WB bounced to login while planning");
      const body = (
        (await page
          .locator("body")
          .textContent()
          .catch(() => "")) ?? ""
      ).toLowerCase();
      if (/запланирован[аo]? на|поставка запланирована/.test(body)) return { supplyId: null };
      const reason = refusalOf(body);
      if (reason) throw new PortalRpcError("WB refused the plan", 0, reason);
      if (Date.now() > end) throw new PortalUnavailable("WB showed no result for the plan (unverified driver)");
      await page.waitForTimeout(100);
    }
  };
}
