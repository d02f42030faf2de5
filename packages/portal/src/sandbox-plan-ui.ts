import type { Page } from "playwright";
import type { PortalPage } from "./driver.ts";
import { PortalRpcError, PortalSessionLost, PortalUnavailable } from "./errors.ts";
import type { SupplyPageParking } from "./supply-page.ts";

/**
 * The portal's refusal texts (what the sandbox shows, written from WB's portal wording) and the
 * reason codes `plan/add` gives for them over JSON-RPC: the UI shows only the text.
 */
const REFUSALS: readonly [RegExp, string][] = [
  [/не пройдена проверка/i, "captcha_invalid"],
  [/не найдена/i, "preorder_not_found"],
  [/уже запланирована/i, "already_planned"],
  [/закончились лимиты/i, "no_capacity"],
  [/приёмка на выбранную дату недоступна/i, "slot_closed"],
  [/дата недоступна/i, "date_unavailable"],
  [/склад не принимает/i, "warehouse_unavailable"],
];

export function refusalOf(text: string): string | undefined {
  return REFUSALS.find(([pattern]) => pattern.test(text))?.[1];
}

/**
 * Booking by clicking, as a seller would: the supply's page (unless the page waits on it already,
 * `openSupplyPage`) → «Запланировать поставку» → the date's cell → «Выбрать» → «Запланировать» →
 * the result line. Selectors as `sandbox/README.md` documents them. A dry run stops before
 * «Запланировать» and closes the calendar.
 */
export function sandboxPlanByUi(
  page: Page,
  onLoginPage: (page: Page) => boolean,
  parking: SupplyPageParking,
): PortalPage["planByUi"] {
  return async (request, options = {}) => {
    await parking.enter(request.preorderId);
    if (onLoginPage(page)) throw new PortalSessionLost("the portal bounced the supply page to login");
    if ((await page.locator('[data-testid="supply-detail"]').count()) === 0)
      throw new PortalRpcError("the supply page shows no supply", 0, "preorder_not_found");
    const plan = page.locator("#plan-supply");
    if ((await plan.count()) === 0) throw new PortalRpcError("the supply is already planned", 0, "already_planned");
    await plan.click();
    const cell = page.locator(`[data-testid="calendar-cell"][data-date="${request.date}"]`);
    try {
      await cell.waitFor({ timeout: 20_000 });
    } catch {
      throw new PortalUnavailable("the planning calendar did not load");
    }
    if ((await cell.getAttribute("data-available")) !== "true")
      throw new PortalRpcError("the date is not open in the calendar", 0, "slot_closed");
    await cell.locator('[data-testid="calendar-cell-select"]').click();
    if (options.dryRun) {
      await page.locator("#plan-close").click();
      return { supplyId: null };
    }
    await page.locator("#plan-confirm").click();
    const outcome = page.locator('[data-testid="plan-success"], [data-testid="plan-error"]').first();
    // The page shows a result line, or — the session gone — its runtime takes it to the login page.
    const end = Date.now() + 20_000;
    while ((await outcome.count().catch(() => 0)) === 0) {
      if (onLoginPage(page)) throw new PortalSessionLost("the portal bounced to login while planning");
      if (Date.now() > end) throw new PortalUnavailable("the portal showed no result for the plan");
      await page.waitForTimeout(25);
    }
    if ((await outcome.getAttribute("data-testid")) === "plan-success") return { supplyId: null };
    const text = ((await outcome.textContent()) ?? "").trim();
    if (/временно недоступен/i.test(text)) throw new PortalUnavailable("the portal answered with a server error");
    const reason = refusalOf(text);
    if (!reason)
      throw new PortalUnavailable(`the portal showed an error this driver does not know: ${text.slice(0, 80)}`);
    throw new PortalRpcError(text, 0, reason);
  };
}
