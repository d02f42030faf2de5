import { randomUUID } from "node:crypto";

const STATUS_TEXT: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

/** The error body WB's official API sends (title, detail, code, requestId, origin, status…). */
export function wbErrorJson(status: number, title: string, detail: string, now: number): string {
  return JSON.stringify({
    title,
    detail,
    code: randomUUID().replaceAll("-", "").slice(0, 24),
    requestId: randomUUID(),
    origin: "s2s-api-auth-supplies",
    status,
    statusText: STATUS_TEXT[status] ?? "Error",
    timestamp: new Date(now).toISOString(),
  });
}

export const JSON_HEADERS = { "content-type": "application/json; charset=utf-8" } as const;

/** Supplies API dates are Moscow time with an explicit offset, e.g. `2026-11-25T10:31:22+03:00`. */
export function mskTime(ms: number): string {
  return `${new Date(ms + 3 * 3_600_000).toISOString().slice(0, 19)}+03:00`;
}

export function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
