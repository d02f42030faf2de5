import { isDatabaseUnavailable } from "@slotpilot/db";
import { AppError, type ErrorKind, LOCALES } from "@slotpilot/domain";
import { translator } from "@slotpilot/locales";
import type { Logger } from "@slotpilot/observability";
import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppEnv } from "./context.ts";
import { localeFromAcceptLanguage } from "./request-locale.ts";

const STATUS: Record<ErrorKind, ContentfulStatusCode> = {
  unauthorized: 401,
  forbidden: 403,
  plan_required: 402,
  invalid: 400,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  unavailable: 503,
  unsupported_media_type: 415,
  too_large: 413,
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

function respond(c: Context<AppEnv>, error: AppError) {
  const locale = c.get("locale") ?? localeFromAcceptLanguage(c.req.header("accept-language"));
  const t = translator(locale);
  const message = t(`errors.${error.code}`, { supported: LOCALES.join(", "), ...error.params });
  const body: ErrorBody = {
    error: { code: error.code, message, ...(error.fields.length > 0 ? { fields: [...error.fields] } : {}) },
  };
  return c.json(body, STATUS[error.kind]);
}

/**
 * The API's one error boundary. A typed AppError becomes its status and a localized message; a
 * Hono HTTPException (malformed JSON and the like) a 400; anything else is logged in full and the
 * caller gets a 500 that reveals nothing.
 */
export function errorHandler(log: Logger): ErrorHandler<AppEnv> {
  return (err, c) => {
    if (err instanceof AppError) return respond(c, err);
    if (err instanceof HTTPException && err.status === 413) return respond(c, new AppError("request.too_large"));
    if (err instanceof HTTPException && err.status < 500) return respond(c, new AppError("request.malformed"));
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
