import { isDatabaseUnavailable } from "@slotpilot/db";
import { AppError, type ErrorKind, LOCALES, type Locale } from "@slotpilot/domain";
import { translator } from "@slotpilot/locales";
import type { Logger } from "@slotpilot/observability";
import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { matchedRoutes } from "hono/route";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppEnv } from "./context.ts";
import { localeFromAcceptLanguage } from "./request-locale.ts";

export const STATUS: Record<ErrorKind, ContentfulStatusCode> = {
  unauthorized: 401,
  forbidden: 403,
  plan_required: 402,
  invalid: 400,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  rate_limited: 429,
  unavailable: 503,
  unsupported_media_type: 415,
  too_large: 413,
  headers_too_large: 431,
  internal: 500,
};

export interface ErrorBody {
  error: {
    code: string;
    message: string;
    /** `request.invalid` only: each offending field with its own message, for a form to show beside it. */
    fields?: { field: string; code: string; message: string }[];
  };
}

const CALENDAR_DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_FORMATS: Record<Locale, Intl.DateTimeFormat> = {
  ru: new Intl.DateTimeFormat("ru-RU", { day: "numeric", month: "long", timeZone: "UTC" }),
  en: new Intl.DateTimeFormat("en-US", { day: "numeric", month: "long", timeZone: "UTC" }),
};

/** An error's params as the reader writes them: a calendar day is «30 января» / "January 30", not ISO. */
function worded(params: Readonly<Record<string, unknown>>, locale: Locale): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(params).map(([key, value]) => [
      key,
      typeof value === "string" && CALENDAR_DAY.test(value)
        ? DAY_FORMATS[locale].format(new Date(`${value}T00:00:00Z`))
        : value,
    ]),
  );
}

/** An error's status and its body in the reader's language. */
export function errorResponse(error: AppError, locale: Locale): { status: ContentfulStatusCode; body: ErrorBody } {
  const t = translator(locale);
  const message = t(`errors.${error.code}`, { supported: LOCALES.join(", "), ...worded(error.params, locale) });
  return {
    status: STATUS[error.kind],
    body: {
      error: { code: error.code, message, ...(error.fields.length > 0 ? { fields: [...error.fields] } : {}) },
    },
  };
}

/**
 * Statuses each seller route documents (`METHOD /path` → statuses), and who is told when a route
 * answers one it does not list (tests).
 */
export interface ErrorDocsCheck {
  documented: ReadonlyMap<string, ReadonlySet<number>>;
  undocumented(message: string): void;
}

/**
 * The seller route a request reached (`METHOD /path` as the OpenAPI document keys it), whichever
 * middleware refused it: the last matched handler of its method under `/api/`.
 */
function sellerRoute(c: Context<AppEnv>): string | undefined {
  const route = matchedRoutes(c).findLast(
    (r) => r.method === c.req.method && r.path.startsWith("/api/") && !r.path.endsWith("*"),
  );
  return route ? `${route.method} ${route.path.slice("/api".length)}` : undefined;
}

function respond(c: Context<AppEnv>, error: AppError, docs?: ErrorDocsCheck) {
  const { status, body } = errorResponse(
    error,
    c.get("locale") ?? localeFromAcceptLanguage(c.req.header("accept-language")),
  );
  const route = docs ? sellerRoute(c) : undefined;
  const listed = route ? docs?.documented.get(route) : undefined;
  if (listed && !listed.has(status))
    docs?.undocumented(`${route} answered ${status} (${error.code}), which its OpenAPI entry does not list`);
  return c.json(body, status);
}

/**
 * The API's one error boundary. A typed AppError becomes its status and a localized message; a
 * Hono HTTPException (malformed JSON and the like) a 400; anything else is logged in full and the
 * caller gets a 500 that reveals nothing. With `docs` (tests), a seller route answering a status its
 * OpenAPI entry does not list is reported: the document cannot fall behind the code.
 */
export function errorHandler(log: Logger, docs?: ErrorDocsCheck): ErrorHandler<AppEnv> {
  return (err, c) => {
    if (err instanceof AppError) return respond(c, err, docs);
    if (err instanceof HTTPException && err.status === 413) return respond(c, new AppError("request.too_large"), docs);
    if (err instanceof HTTPException && err.status < 500) return respond(c, new AppError("request.malformed"), docs);
    if (isDatabaseUnavailable(err)) {
      // Not a bug: the database is away (down, restarting, hung). The pool recovers by itself.
      log.warn("database unavailable", { method: c.req.method, path: c.req.path, err });
      return respond(c, new AppError("service.unavailable"));
    }
    log.error("unhandled error", { err, method: c.req.method, path: c.req.path });
    return respond(c, new AppError("internal"));
  };
}

export const notFound: NotFoundHandler<AppEnv> = (c) => respond(c, new AppError("route.not_found"));
