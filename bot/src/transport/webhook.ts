import { timingSafeEqual } from "node:crypto";
import type { Logger } from "@slotpilot/observability";
import type { Update } from "grammy/types";
import type { MiddlewareHandler } from "hono";
import type { ProcessUpdate } from "./process-update.ts";

const SECRET_HEADER = "x-telegram-bot-api-secret-token";

function sameSecret(given: string | undefined, expected: string): boolean {
  const a = Buffer.from(given ?? "");
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The webhook endpoint, mounted on the API. Telegram's secret token header is checked first. A 2xx
 * tells Telegram the update is ours; when it could not be stored we answer 503 so Telegram retries.
 */
export function webhookHandler(processUpdate: ProcessUpdate, secret: string, log: Logger): MiddlewareHandler {
  return async (c) => {
    if (!sameSecret(c.req.header(SECRET_HEADER), secret)) return c.json({ error: "forbidden" }, 401);
    const update = (await c.req.json().catch(() => null)) as Update | null;
    if (typeof update?.update_id !== "number") return c.json({ error: "not an update" }, 400);
    try {
      await processUpdate(update);
      return c.json({ ok: true });
    } catch (err) {
      log.error("update not stored; asking Telegram to redeliver", { err, updateId: update.update_id });
      return c.json({ error: "retry later" }, 503);
    }
  };
}
