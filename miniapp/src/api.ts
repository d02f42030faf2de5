import {
  type ApiClient,
  createApiClient,
  type ErrorBody,
  type MeResponse,
  type SlotStatsResponse,
  type SlotsResponse,
} from "@slotpilot/api/client";
import type { InferRequestType, InferResponseType } from "hono/client";
import i18next from "i18next";
import type { Locale } from "./i18n.ts";

export type { MeResponse, SlotStatsResponse, SlotsResponse };

/** A booking task as the API shows it (the client's inferred type, so it follows the API). */
export type Task = InferResponseType<ApiClient["tasks"][":id"]["$get"], 200>["task"];
export type TaskStatus = Task["status"];
export type TaskInput = InferRequestType<ApiClient["tasks"]["$post"]>["json"];
export type TaskPatch = InferRequestType<ApiClient["tasks"][":id"]["$patch"]>["json"];
export type TimelineEvent = InferResponseType<ApiClient["tasks"][":id"]["events"]["$get"], 200>["events"][number];
/** A booking of a task: what the booker tried, how it ended and why, and whether a screenshot exists. */
export type Booking = InferResponseType<ApiClient["tasks"][":id"]["bookings"]["$get"], 200>["bookings"][number];
export type WarehouseHit = InferResponseType<ApiClient["warehouses"]["$get"], 200>["warehouses"][number];
export type Supplies = InferResponseType<ApiClient["supplies"]["$get"], 200>;
export type SellerSettings = InferResponseType<ApiClient["me"]["settings"]["$get"], 200>["settings"];
export type Billing = InferResponseType<ApiClient["billing"]["$get"], 200>["billing"];
export type BillingHistoryEntry = InferResponseType<ApiClient["billing"]["history"]["$get"], 200>["history"][number];
export type Checkout = InferResponseType<ApiClient["billing"]["checkout"]["$post"], 200>["checkout"];
export type CheckoutInput = InferRequestType<ApiClient["billing"]["checkout"]["$post"]>["json"];

/**
 * A cabinet as `/api/cabinets` lists it. `portal` (the WB seller-portal session) and a cabinet
 * without a token come with the portal-sessions work; until then `portal` is absent.
 */
export interface Cabinet {
  id: number;
  name: string;
  tokenType: "personal" | "basic" | null;
  monitorOptIn: boolean;
  portal?: { state: PortalState; waitingFor: PortalSession["waitingFor"] } | null;
  createdAt: string;
}

export type PortalState = "INITIALIZING" | "WAITING_AUTH" | "ACTIVE" | "ERROR" | "STOPPED";

/** A portal login as `/api/cabinets/:id/login*` describe it (portal-sessions routes, called by path). */
export interface PortalSession {
  state: PortalState;
  waitingFor: "code" | "captcha" | "cabinet" | null;
  error: { code: string; message: string } | null;
  phone: string | null;
  captchaUrl: string | null;
  cabinets: { supplierId: number; name: string }[] | null;
}

/** One bad field of a request, as the API words it for a form. */
export interface FieldProblem {
  field: string;
  code: string;
  message: string;
}

/**
 * Anything that kept a call from succeeding. `message` is always fit to show: the API's own
 * localized message when it answered, ours when it could not be reached. `fields` places a
 * validation error beside the fields it concerns.
 */
export class ApiError extends Error {
  readonly code: string;
  readonly fields: FieldProblem[];

  constructor(code: string, message: string, fields: FieldProblem[] = []) {
    super(message);
    this.name = "ApiError";
    this.code = code;
    this.fields = fields;
  }
}

/** The seller API as the Mini App uses it, signed in with Telegram initData. */
export function createApi(initData: string) {
  const client = createApiClient({
    baseUrl: window.location.origin,
    initData: () => initData,
    // Errors raised before the API knows the user come back in the language on screen.
    locale: () => i18next.language,
  });
  /** A picture the API serves (a captcha, a booking's screenshot) as an object URL: it needs the auth header, so not a plain <img src>. */
  const image = async (url: string, code: string) => {
    let response: Response;
    try {
      response = await fetch(url, {
        headers: { authorization: `tma ${initData}`, "accept-language": i18next.language },
      });
    } catch {
      throw new ApiError("network", i18next.t("miniapp.error.network"));
    }
    if (!response.ok) throw new ApiError(code, i18next.t("errors.internal"));
    return URL.createObjectURL(await response.blob());
  };
  /** Routes the typed client does not know yet (portal sessions), by path. */
  const raw = <T>(method: string, path: string, body?: unknown) =>
    request<T>(() =>
      fetch(`/api${path}`, {
        method,
        headers: {
          authorization: `tma ${initData}`,
          "accept-language": i18next.language,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    );
  return {
    initData,
    me: () => request<MeResponse>(() => client.me.$get()),
    setLocale: (locale: Locale) => request<MeResponse>(() => client.me.$patch({ json: { locale } })),
    tasks: async () => (await request<{ tasks: Task[] }>(() => client.tasks.$get())).tasks,
    task: async (id: number) =>
      (await request<{ task: Task }>(() => client.tasks[":id"].$get({ param: { id: String(id) } }))).task,
    taskBookings: async (id: number) =>
      (await request<{ bookings: Booking[] }>(() => client.tasks[":id"].bookings.$get({ param: { id: String(id) } })))
        .bookings,
    /** A failed booking's screenshot (its `screenshotUrl`) as an object URL; revoke it when done. */
    bookingScreenshot: (url: string) => image(url, "booking.not_found"),
    taskEvents: async (id: number) =>
      (await request<{ events: TimelineEvent[] }>(() => client.tasks[":id"].events.$get({ param: { id: String(id) } })))
        .events,
    createTask: async (json: TaskInput) => (await request<{ task: Task }>(() => client.tasks.$post({ json }))).task,
    updateTask: async (id: number, json: TaskPatch) =>
      (await request<{ task: Task }>(() => client.tasks[":id"].$patch({ param: { id: String(id) }, json }))).task,
    deleteTask: (id: number) => request<null>(() => client.tasks[":id"].$delete({ param: { id: String(id) } })),
    cabinets: () => request<{ cabinets: Cabinet[]; monitorOptInExplained: string }>(() => client.cabinets.$get()),
    addCabinet: (json: { name: string; apiToken?: string; monitorOptIn: boolean }) =>
      json.apiToken === undefined
        ? raw<{ cabinet: Cabinet; warnings: string[] }>("POST", "/cabinets", json)
        : request<{ cabinet: Cabinet; warnings: string[] }>(() =>
            client.cabinets.$post({ json: { ...json, apiToken: json.apiToken as string } }),
          ),
    updateCabinet: (id: number, json: { monitorOptIn?: boolean; name?: string }) =>
      request<{ cabinet: Cabinet }>(() => client.cabinets[":id"].$patch({ param: { id: String(id) }, json })),
    removeCabinet: (id: number) => request<null>(() => client.cabinets[":id"].$delete({ param: { id: String(id) } })),
    supplies: (cabinetId: number) =>
      request<Supplies>(() => client.supplies.$get({ query: { cabinetId: String(cabinetId) } })),
    slots: (query: { boxTypeId?: number; warehouseIds?: readonly number[]; from?: string; to?: string } = {}) =>
      request<SlotsResponse>(() =>
        client.slots.$get({
          query: {
            ...(query.boxTypeId === undefined ? {} : { boxTypeId: String(query.boxTypeId) }),
            ...(query.warehouseIds ? { warehouseIds: query.warehouseIds.join(",") } : {}),
            ...(query.from ? { from: query.from } : {}),
            ...(query.to ? { to: query.to } : {}),
          },
        }),
      ),
    slotStats: (warehouseId: number, boxTypeId: number) =>
      request<SlotStatsResponse>(() =>
        client.slots.stats.$get({ query: { warehouseId: String(warehouseId), boxTypeId: String(boxTypeId) } }),
      ),
    /**
     * Names of these warehouses, from the slot calendar (its default window, today and the next
     * 13 days). A warehouse with no cells there is simply missing: callers show its number.
     */
    warehouses: async (ids: readonly number[]) =>
      (await request<SlotsResponse>(() => client.slots.$get({ query: { warehouseIds: ids.join(",") } }))).warehouses,
    searchWarehouses: async (search: string) =>
      (await request<{ warehouses: WarehouseHit[] }>(() => client.warehouses.$get({ query: { search, limit: "30" } })))
        .warehouses,
    settings: async () => (await request<{ settings: SellerSettings }>(() => client.me.settings.$get())).settings,
    setQuietHours: async (quietHours: SellerSettings["quietHours"]) =>
      (await request<{ settings: SellerSettings }>(() => client.me.settings.$patch({ json: { quietHours } }))).settings,
    billing: async () => (await request<{ billing: Billing }>(() => client.billing.$get())).billing,
    billingHistory: async () =>
      (await request<{ history: BillingHistoryEntry[] }>(() => client.billing.history.$get())).history,
    checkout: async (json: CheckoutInput) =>
      (await request<{ checkout: Checkout }>(() => client.billing.checkout.$post({ json }))).checkout,
    billingPortal: async () => (await request<{ portal: { url: string } }>(() => client.billing.portal.$post())).portal,
    favourites: async () => (await request<{ warehouseIds: number[] }>(() => client.me.favourites.$get())).warehouseIds,
    setFavourites: async (warehouseIds: number[]) =>
      (await request<{ warehouseIds: number[] }>(() => client.me.favourites.$put({ json: { warehouseIds } })))
        .warehouseIds,
    portal: {
      read: (cabinetId: number) => raw<{ session: PortalSession | null }>("GET", `/cabinets/${cabinetId}/login`),
      start: (cabinetId: number, phone: string) =>
        raw<{ session: PortalSession }>("POST", `/cabinets/${cabinetId}/login`, { phone }),
      code: (cabinetId: number, code: string) =>
        raw<{ session: PortalSession | null }>("POST", `/cabinets/${cabinetId}/login/code`, { code }),
      captcha: (cabinetId: number, answer: string) =>
        raw<{ session: PortalSession | null }>("POST", `/cabinets/${cabinetId}/login/captcha`, { answer }),
      /** The phone's WB cabinet to work in, when it has several. */
      cabinet: (cabinetId: number, supplierId: number) =>
        raw<{ session: PortalSession | null }>("POST", `/cabinets/${cabinetId}/login/cabinet`, { supplierId }),
      /** The captcha picture as an object URL. */
      captchaImage: (url: string) => image(url, "portal.no_captcha"),
    },
  };
}

export type Api = ReturnType<typeof createApi>;

/** Sends a request and returns its JSON body, or throws an ApiError with a message to show. */
export async function request<T>(
  send: () => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>,
): Promise<T> {
  let response: Awaited<ReturnType<typeof send>>;
  try {
    response = await send();
  } catch {
    throw new ApiError("network", i18next.t("miniapp.error.network"));
  }
  if (response.ok && response.status === 204) return null as T;
  const body = await response.json().catch(() => undefined);
  if (response.ok && body !== undefined) return body as T;
  if (isErrorBody(body)) throw new ApiError(body.error.code, body.error.message, body.error.fields ?? []);
  throw new ApiError("internal", i18next.t("errors.internal"));
}

/** What to tell the user about any failure: the API's message, or a generic one. */
export function messageOf(error: unknown): string {
  return error instanceof ApiError ? error.message : i18next.t("errors.internal");
}

function isErrorBody(body: unknown): body is ErrorBody {
  if (typeof body !== "object" || body === null || !("error" in body)) return false;
  const { error } = body;
  return (
    typeof error === "object" &&
    error !== null &&
    "code" in error &&
    typeof error.code === "string" &&
    "message" in error &&
    typeof error.message === "string"
  );
}
