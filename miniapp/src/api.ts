import {
  type ApiClient,
  createApiClient,
  type ErrorBody,
  type MeResponse,
  type SlotsResponse,
} from "@slotpilot/api/client";
import type { InferResponseType } from "hono/client";
import i18next from "i18next";
import type { Locale } from "./i18n.ts";

export type { MeResponse };

/** A booking task as the API shows it (the client's inferred type, so it follows the API). */
export type Task = InferResponseType<ApiClient["tasks"][":id"]["$get"], 200>["task"];
export type TaskStatus = Task["status"];
export type Warehouse = SlotsResponse["warehouses"][number];
/** A WB cabinet with its portal session, as `GET /api/cabinets/:id` shows it. */
export type Cabinet = InferResponseType<ApiClient["cabinets"][":id"]["$get"], 200>["cabinet"];
export type CabinetSummary = InferResponseType<ApiClient["cabinets"]["$get"], 200>["cabinets"][number];
export type PortalSession = NonNullable<Cabinet["portal"]>;

/**
 * Anything that kept a call from succeeding. `message` is always fit to show: the API's own
 * localized message when it answered, ours when it could not be reached.
 */
export class ApiError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = "ApiError";
    this.code = code;
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
  return {
    me: () => request<MeResponse>(() => client.me.$get()),
    setLocale: (locale: Locale) => request<MeResponse>(() => client.me.$patch({ json: { locale } })),
    tasks: async () => (await request<{ tasks: Task[] }>(() => client.tasks.$get())).tasks,
    task: async (id: number) =>
      (await request<{ task: Task }>(() => client.tasks[":id"].$get({ param: { id: String(id) } }))).task,
    /**
     * Names of these warehouses, from the slot calendar (its default window, today and the next
     * 13 days). A warehouse with no cells there is simply missing: callers show its number.
     */
    warehouses: async (ids: readonly number[]) =>
      (await request<SlotsResponse>(() => client.slots.$get({ query: { warehouseIds: ids.join(",") } }))).warehouses,
    cabinets: async () => (await request<{ cabinets: CabinetSummary[] }>(() => client.cabinets.$get())).cabinets,
    cabinet: async (id: number) =>
      (await request<{ cabinet: Cabinet }>(() => client.cabinets[":id"].$get({ param: { id: String(id) } }))).cabinet,
    /**
     * The WB seller-portal login, step by step; each answers with the session once the worker has
     * reached the next step. No phone: log in again with the one used last time.
     */
    login: {
      start: (id: number, phone?: string) =>
        session(() => client.cabinets[":id"].login.$post({ param: { id: String(id) }, json: phone ? { phone } : {} })),
      code: (id: number, code: string) =>
        session(() => client.cabinets[":id"].login.code.$post({ param: { id: String(id) }, json: { code } })),
      captcha: (id: number, answer: string) =>
        session(() => client.cabinets[":id"].login.captcha.$post({ param: { id: String(id) }, json: { answer } })),
      cabinet: (id: number, supplierId: number) =>
        session(() => client.cabinets[":id"].login.cabinet.$post({ param: { id: String(id) }, json: { supplierId } })),
      stop: (id: number) => session(() => client.cabinets[":id"].login.$delete({ param: { id: String(id) } })),
    },
    /** The captcha picture: fetched with the sign-in header (an <img> cannot send it), as an object URL. */
    captchaImage: async (url: string) => {
      const response = await fetch(new URL(url, window.location.origin), {
        headers: { authorization: `tma ${initData}` },
      }).catch(() => null);
      if (!response?.ok) throw new ApiError("portal.no_captcha", i18next.t("errors.portal.no_captcha"));
      return URL.createObjectURL(await response.blob());
    },
  };
}

export type Api = ReturnType<typeof createApi>;

async function session(send: () => Promise<{ ok: boolean; json(): Promise<unknown> }>): Promise<PortalSession | null> {
  return (await request<{ session: PortalSession | null }>(send)).session;
}

/** Sends a request and returns its JSON body, or throws an ApiError with a message to show. */
export async function request<T>(send: () => Promise<{ ok: boolean; json(): Promise<unknown> }>): Promise<T> {
  let response: Awaited<ReturnType<typeof send>>;
  try {
    response = await send();
  } catch {
    throw new ApiError("network", i18next.t("miniapp.error.network"));
  }
  const body = await response.json().catch(() => undefined);
  if (response.ok && body !== undefined) return body as T;
  if (isErrorBody(body)) throw new ApiError(body.error.code, body.error.message);
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
