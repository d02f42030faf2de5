import type { Page } from "playwright";
import type { PlanAnswer, PlanOptions, PlanRequest, ReplanRequest } from "./planning.ts";

/** A WB cabinet ("supplier") reachable with a login: a phone may own several. */
export interface PortalCabinet {
  /** WB's `x-supplier-id`. */
  supplierId: number;
  name: string;
}

/**
 * Where a login stands after each step. `captcha` and `code` wait for the seller; `choose_cabinet`
 * waits for them to pick one of several cabinets; `done` is logged in; `refused` is WB's verdict on
 * the last input.
 */
export type LoginStep =
  | { kind: "captcha"; image: { mime: string; bytes: Buffer }; retry: boolean }
  | { kind: "code" }
  | { kind: "choose_cabinet"; cabinets: PortalCabinet[] }
  | { kind: "done"; cabinet: PortalCabinet }
  | { kind: "refused"; reason: LoginRefusal };

/**
 * - `code_wrong`: the code did not match; the same code step is still open (retry).
 * - `phone_unknown`: WB has no seller with this phone. `code_expired`: start again.
 */
export type LoginRefusal = "phone_unknown" | "phone_invalid" | "code_wrong" | "code_expired";

/** One login, driven step by step on one page; each method answers with the step reached. */
export interface PortalLogin {
  start(phone: string): Promise<LoginStep>;
  captcha(answer: string): Promise<LoginStep>;
  code(code: string): Promise<LoginStep>;
  chooseCabinet(supplierId: number): Promise<LoginStep>;
}

/** Options for one JSON-RPC call made from inside the page. */
export interface RpcOptions {
  /**
   * Run the page's own anti-bot challenge for this action first and send its token
   * (`x-wb-captcha-token`, `x-wb-captcha-latency`): what `plan/add` and `plan/update` need
   * (action `ADD_OR_UPDATE_SUPPLY`). Tokens computed outside the page are refused. A token the
   * page solved ahead (`PortalPage.primeChallenge`) is spent instead while fresh enough; if WB
   * refuses it, the page solves a new one and the call is made once more.
   */
  captcha?: string;
}

/** A row of the portal's slot sources, in the coefficients feed's field names. */
export interface PortalSlotRow {
  date: string;
  coefficient: number;
  warehouseID: number;
  warehouseName?: string | undefined;
  allowUnload: boolean;
  boxTypeID?: number | undefined;
  isSortingCenter?: boolean | undefined;
}

export interface PortalDraft {
  draftId: string;
  createdAt: string | null;
  goodQuantity: number | null;
}

export interface PortalSupply {
  preorderId: number;
  supplyId: number | null;
  statusId: number;
  warehouseId: number | null;
  warehouseName: string | null;
  /** WB's box type; null for QR supplies. */
  boxTypeId: number | null;
  isBoxOnPallet: boolean | null;
  createdAt: string | null;
  supplyDate: string | null;
  /** The draft the preorder was made from, when the listing says (the sandbox does; WB: unverified). */
  draftId: string | null;
}

/** One preorder to make from a draft, at one warehouse (`supply/create`). */
export interface PreorderRequest {
  draftId: string;
  warehouseId: number;
  boxTypeId: number;
}

export interface PortalRecommendation {
  warehouseId: number;
  warehouseName: string;
  boxTypeId: number | null;
  logisticCoefficient: number | null;
  coefficients: { date: string; coefficient: number; allowUnload: boolean }[];
}

export interface AcceptanceCost {
  date: string;
  coefficient: number;
  cost: number | null;
}

/**
 * A logged-in portal page of one cabinet, kept open (warm) by the session keeper. Everything runs
 * inside the page — its cookies, its header token, its anti-bot script — never replayed from a
 * plain HTTP client. Throws `PortalSessionLost` when WB has ended the session, `PortalRateLimited`,
 * `PortalRpcError` (WB's refusal, with its reason) or `PortalUnavailable`.
 *
 * Booking has two strategies: `planByRpc` (the portal's JSON-RPC from inside this page, its own
 * challenge making the captcha token — the default, fastest) and `planByUi` (clicking the supply's
 * «Запланировать поставку» calendar as a seller would — the fallback, and what a seller would see).
 * Both throw `PortalRpcError` with WB's reason when WB refuses.
 */
export interface PortalPage {
  readonly page: Page;
  /** The cabinet the page works in (its `x-supplier-id`), and every cabinet of the login. */
  cabinet(): Promise<PortalCabinet>;
  cabinets(): Promise<PortalCabinet[]>;
  switchCabinet(supplierId: number): Promise<PortalCabinet>;
  /** Reloads the portal's home: "ok", or "logged_out" when WB bounced it to the login page. */
  health(): Promise<"ok" | "logged_out">;
  /** Renews the short-lived header token (`wb-seller-lk`); how long the new one lives. */
  refreshHeader(): Promise<{ expiresInMs: number }>;
  /** One JSON-RPC call from inside the page (its fetch, its cookies, its header token). */
  rpc<T>(path: string, params: Record<string, unknown>, options?: RpcOptions): Promise<T>;
  listDrafts(): Promise<PortalDraft[]>;
  listSupplies(filter?: { statusId?: number }): Promise<PortalSupply[]>;
  /** Every warehouse's coefficients, no preorder needed (works while the public feed is off). */
  coefficientsReport(): Promise<PortalSlotRow[]>;
  recommendations(draftId: string): Promise<PortalRecommendation[]>;
  acceptanceCosts(preorderId: number, dateFrom: string, dateTo: string): Promise<AcceptanceCost[]>;
  /** Makes an unplanned preorder from a draft at a warehouse (`supply/create`); its id. */
  createPreorder(request: PreorderRequest): Promise<number>;
  /**
   * Removes an unplanned preorder. NOT A KNOWN WB METHOD (FACTS.md names none): the sandbox's
   * `supply/delete`, and the real-WB driver's same guess. "gone": it was not there (already removed).
   */
  deletePreorder(preorderId: number): Promise<"deleted" | "gone">;
  planByRpc(request: PlanRequest): Promise<PlanAnswer>;
  planByUi(request: PlanRequest, options?: PlanOptions): Promise<PlanAnswer>;
  /** Re-plan: moves a planned supply to another date (`plan/update` from inside the page). */
  replanByRpc(request: ReplanRequest): Promise<PlanAnswer>;
  /**
   * Has the page solve its planning challenge ahead of time and keep the token for the next
   * `plan/add` or `plan/update` — the proof of work is the costliest step of a booking, and a slot
   * does not wait for it. Returns once the solve has started; keeps a fresh enough one as it is.
   * The token lives in the page only (a reload drops it). The UI strategy cannot use it: the
   * portal's own button runs the challenge.
   */
  primeChallenge(): Promise<void>;
  /**
   * The UI strategy's counterpart: opens the supply's page ahead of a booking and leaves the page
   * waiting there, as a seller waiting for a slot would, so the next `planByUi` of this preorder
   * starts with its first click (loading the page is the costliest part of booking by clicks). A
   * page already waiting there is kept as it is. Any other navigation (a health check, another
   * supply) ends the wait; the booking after it loads the page itself, as before.
   */
  openSupplyPage(preorderId: number): Promise<void>;
}

/**
 * One target's portal: the WB sandbox, or real WB. Stateless: every method takes the page to work
 * on, so the browser pool owns the browser, its contexts and their pages.
 */
export interface PortalDriver {
  readonly target: "sandbox" | "wb";
  /** The portal's home: where a warm page is parked. */
  readonly homeUrl: string;
  /** Starts a login on `page` (its context restored from the cabinet's saved state, if any). */
  login(page: Page): PortalLogin;
  /** Opens the portal's home on `page`: the logged-in page, or null when the session is gone. */
  open(page: Page): Promise<PortalPage | null>;
}
