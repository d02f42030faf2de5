import type { Context } from "hono";
import type { EndpointGroup } from "../faults.ts";
import { latencyFor } from "../faults.ts";
import { CLIENT_ERROR_COST, type LimitedMethod, RATE_RULES } from "../rate-limit.ts";
import type { SandboxState } from "../state.ts";
import { JSON_HEADERS, sleep, wbErrorJson } from "./wb-error.ts";

export interface Caller {
  supplierId: number;
  type: "personal" | "basic";
}

export interface OfficialReply {
  status: number;
  /** Pre-serialized JSON: the feed is served from cached strings/bytes, never re-stringified. */
  json: string | Uint8Array<ArrayBuffer>;
}

type Handler = (c: Context, caller: Caller) => OfficialReply | Promise<OfficialReply>;

/**
 * What every official-API request goes through, in WB's order: token, then the seller account's
 * token bucket, then the method. 4xx answers cost 10 tokens, 429s carry the Retry/Reset/Limit
 * headers and everything else `X-Ratelimit-Remaining`. Each request lands in the seller's log.
 */
export function official(state: SandboxState, group: EndpointGroup, method: LimitedMethod, handler: Handler) {
  return async (c: Context): Promise<Response> => {
    await sleep(latencyFor(state.faults, group));
    state.sync();
    const now = state.now();
    const path = new URL(c.req.url).pathname;
    const auth = c.req
      .header("authorization")
      ?.replace(/^Bearer\s+/i, "")
      .trim();
    const caller = auth ? state.accounts.tokens.get(auth) : undefined;
    if (!caller) {
      const detail = auth ? "token is not valid" : "empty Authorization header";
      return new Response(wbErrorJson(401, "unauthorized", detail, now), { status: 401, headers: JSON_HEADERS });
    }
    const rule = RATE_RULES[method][caller.type];
    const key = `${caller.supplierId}:${caller.type}:${method}`;
    const admission = state.limiter.admit(key, rule, now);
    const log = (status: number) =>
      state.logRequest(caller.supplierId, { method: c.req.method, path, tokenType: caller.type, status });
    if (!admission.allowed) {
      log(429);
      const detail =
        "Limited by c122a060-a7fb-4bb4-abb0-32fd4e18d489 https://dev.wildberries.ru/openapi/api-information";
      return new Response(wbErrorJson(429, "too many requests", detail, now), {
        status: 429,
        headers: {
          ...JSON_HEADERS,
          "X-Ratelimit-Retry": String(admission.retrySeconds),
          "X-Ratelimit-Reset": String(admission.resetSeconds),
          "X-Ratelimit-Limit": String(admission.limit),
        },
      });
    }
    let remaining = admission.remaining;
    let reply: OfficialReply;
    if (state.injectError()) {
      reply = { status: 500, json: wbErrorJson(500, "internal server error", "injected fault", now) };
    } else {
      reply = await handler(c, caller);
    }
    if (reply.status >= 400 && reply.status < 500) {
      remaining = state.limiter.charge(key, rule, now, CLIENT_ERROR_COST - 1);
    }
    log(reply.status);
    return new Response(reply.json, {
      status: reply.status,
      headers: { ...JSON_HEADERS, "X-Ratelimit-Remaining": String(remaining) },
    });
  };
}
