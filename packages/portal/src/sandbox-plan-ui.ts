import type { Page } from "playwright";
import type { PortalPage } from "./driver.ts";
import { PortalRpcError, PortalSessionLost, PortalUnavailable } from "./errors.ts";
import { clickInPage, findInPage, type PageDocument } from "./page-clicks.ts";
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
 * the result line. Selectors as `sandbox/README.md` documents them. Each click is the mouse's,
 * each wait runs inside the page (`page-clicks.ts`). A dry run stops before «Запланировать» and
 * closes the calendar.
 */
export function sandboxPlanByUi(
  page: Page,
  onLoginPage: (page: Page) => boolean,
  parking: SupplyPageParking,
): PortalPage["planByUi"] {
  /** A step inside the page; the page navigating away under it is the session bounced to login. */
  const step = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      for (let waited = 0; waited < 2_000; waited += 50) {
        if (onLoginPage(page)) throw new PortalSessionLost(`the portal bounced to login while ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new PortalUnavailable(
        `the portal page went away while ${what}: ${(error as Error).message.split("\n")[0]}`,
      );
    }
  };
  const click = async (what: string, selector: string) => {
    if (!(await step(what, () => clickInPage(page, selector, STEP_TIMEOUT_MS))))
      throw new PortalUnavailable(`the portal did not let us click ${what}`);
  };

  return async (request, options = {}) => {
    await parking.enter(request.preorderId);
    if (onLoginPage(page)) throw new PortalSessionLost("the portal bounced the supply page to login");
    const shown = await step("reading the supply page", () =>
      page.evaluate(() => {
        const document = (globalThis as unknown as { document: PageDocument }).document;
        return {
          supply: document.querySelector('[data-testid="supply-detail"]') !== null,
          plannable: document.getElementById("plan-supply") !== null,
        };
      }),
    );
    if (!shown.supply) throw new PortalRpcError("the supply page shows no supply", 0, "preorder_not_found");
    if (!shown.plannable) throw new PortalRpcError("the supply is already planned", 0, "already_planned");
    await click("«Запланировать поставку»", "#plan-supply");
    const cellSelector = `[data-testid="calendar-cell"][data-date="${request.date}"]`;
    const cell = await step("loading the calendar", () => findInPage(page, cellSelector, STEP_TIMEOUT_MS));
    if (!cell) throw new PortalUnavailable("the planning calendar did not load");
    if (cell.data.available !== "true")
      throw new PortalRpcError("the date is not open in the calendar", 0, "slot_closed");
    await click("«Выбрать»", `${cellSelector} [data-testid="calendar-cell-select"]`);
    if (options.dryRun) {
      await click("«Закрыть»", "#plan-close");
      return { supplyId: null };
    }
    await click("«Запланировать»", "#plan-confirm");
    // The page shows a result line, or — the session gone — its runtime takes it to the login page.
    const outcome = await step("planning", () =>
      findInPage(page, '[data-testid="plan-success"], [data-testid="plan-error"]', STEP_TIMEOUT_MS),
    );
    if (!outcome) throw new PortalUnavailable("the portal showed no result for the plan");
    if (outcome.data.testid === "plan-success") return { supplyId: null };
    const text = outcome.text.trim();
    if (/временно недоступен/i.test(text)) throw new PortalUnavailable("the portal answered with a server error");
    const reason = refusalOf(text);
    if (!reason)
      throw new PortalUnavailable(`the portal showed an error this driver does not know: ${text.slice(0, 80)}`);
    throw new PortalRpcError(text, 0, reason);
  };
}

/** How long one step (a button to become clickable, the calendar, the result line) may take. */
const STEP_TIMEOUT_MS = 20_000;
