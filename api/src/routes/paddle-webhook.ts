import { storePaddleNotification } from "@slotpilot/db";
import { AppError, readPaddleNotification } from "@slotpilot/domain";
import { applyPaddleEvent } from "@slotpilot/jobs";
import { Hono } from "hono";
import type { ApiDeps, AppEnv } from "../context.ts";

/**
 * `POST /webhooks/paddle`: Paddle's notifications. The signature is checked against the raw body
 * before anything is parsed (forged or stale → 401, nothing stored); a verified event is kept once
 * by its event id and its job queued in the same transaction; Paddle gets 200 at once, and the
 * plan changes when the worker applies it. The same event delivered again is acknowledged only.
 */
export function paddleWebhookRoutes(deps: ApiDeps) {
  return new Hono<AppEnv>().post("/webhooks/paddle", async (c) => {
    if (!deps.paddle) throw new AppError("billing.provider_unavailable");
    const raw = await c.req.text();
    const signature = c.req.header("paddle-signature") ?? "";
    if (!(await deps.paddle.verifyWebhook(raw, signature))) {
      deps.log.warn("paddle webhook refused: bad or stale signature");
      throw new AppError("billing.webhook_invalid");
    }
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      throw new AppError("request.malformed");
    }
    const notification = readPaddleNotification(body);
    // Valid JSON, signed by Paddle, yet not a notification (no event id, type, time or data).
    if (!notification) throw new AppError("billing.webhook_unreadable");
    const stored = await storePaddleNotification(deps.db, notification, body as Record<string, unknown>, (trx) =>
      deps.queue.send(applyPaddleEvent, { eventId: notification.eventId }, { trx }),
    );
    return c.json({ received: true, duplicate: !stored });
  });
}
