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
  invalid: 400,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

export interface ErrorBody {
  error: { code: string; message: string };
}

function respond(c: Context<AppEnv>, error: AppError) {
  const locale = c.get("locale") ?? localeFromAcceptLanguage(c.req.header("accept-language"));
  const t = translator(locale);
  const message = t(`errors.${error.code}`, { supported: LOCALES.join(", "), ...error.params });
  const body: ErrorBody = { error: { code: error.code, message } };
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
    if (err instanceof HTTPException && err.status < 500) {
      return respond(c, new AppError("request.invalid", { details: err.message || "malformed request" }));
    }
    log.error("unhandled error", { err, method: c.req.method, path: c.req.path });
    return respond(c, new AppError("internal"));
  };
}

export const notFound: NotFoundHandler<AppEnv> = (c) => respond(c, new AppError("route.not_found"));
