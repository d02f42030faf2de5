import { silentLogger } from "@slotpilot/observability";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import type { ProcessUpdate } from "./process-update.ts";
import { webhookHandler } from "./webhook.ts";

const SECRET = "s3cret-token-for-tests";

/** A processor that records the update ids it is given. */
function recording(seen: number[]): ProcessUpdate {
  return async (update) => {
    seen.push(update.update_id);
    return "handled";
  };
}

function app(processUpdate: ProcessUpdate) {
  return new Hono().post("/telegram/webhook", webhookHandler(processUpdate, SECRET, silentLogger));
}
const post = (a: Hono, body: unknown, secret?: string) =>
  a.request("/telegram/webhook", {
    method: "POST",
    headers: { "content-type": "application/json", ...(secret ? { "x-telegram-bot-api-secret-token": secret } : {}) },
    body: JSON.stringify(body),
  });

describe("Telegram webhook", () => {
  it("processes an update that carries the secret token", async () => {
    const seen: number[] = [];
    const res = await post(app(recording(seen)), { update_id: 7 }, SECRET);
    expect(res.status).toBe(200);
    expect(seen).toEqual([7]);
  });

  it("refuses requests without the right secret token and processes nothing", async () => {
    const seen: number[] = [];
    const a = app(recording(seen));
    expect((await post(a, { update_id: 7 })).status).toBe(401);
    expect((await post(a, { update_id: 7 }, "wrong-secret-token-xx")).status).toBe(401);
    expect(seen).toEqual([]);
  });

  it("rejects a body that is not an update", async () => {
    expect(
      (
        await post(
          app(async () => "handled"),
          { hello: 1 },
          SECRET,
        )
      ).status,
    ).toBe(400);
  });

  it("answers 503 when the update could not be stored, so Telegram redelivers it", async () => {
    const res = await post(
      app(async () => Promise.reject(new Error("database down"))),
      { update_id: 8 },
      SECRET,
    );
    expect(res.status).toBe(503);
  });
});
