import { z } from "zod";
import { coefficientRows } from "./coefficient-rows.ts";
import { WbBadResponse, WbError, WbRateLimited, WbUnauthorized, WbUnavailable } from "./errors.ts";
import type { WbHosts } from "./hosts.ts";
import { supplyDetails, supplyListItem, warehouse } from "./schemas.ts";

export interface WbResult<T> {
  data: T;
  /** `X-Ratelimit-Remaining`: what is left of this account's budget for the method. */
  remaining: number | undefined;
}

export interface WbOfficialClientOptions {
  hosts: Pick<WbHosts, "common-api" | "supplies-api">;
  fetch?: typeof fetch;
  /** Per request; WB's feed answers in well under a second when healthy. */
  timeoutMs?: number;
}

type Host = keyof WbOfficialClientOptions["hosts"];

/** What an answer is checked with: a zod schema, or a hand-written check of the same shape. */
interface Shape<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false; error: { message: string } };
}

/**
 * WB's official (read-only) API: the coefficients feed and the supplies methods. Tokens go in
 * `Authorization` as they are (no "Bearer"). Every answer is checked against WB's published shape.
 */
export function createWbOfficialClient(options: WbOfficialClientOptions) {
  const fetchImpl = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;

  async function call<T>(
    host: Host,
    path: string,
    token: string,
    schema: Shape<T>,
    init: { method?: "GET" | "POST"; body?: unknown; signal?: AbortSignal } = {},
  ): Promise<WbResult<T>> {
    const signal = init.signal
      ? AbortSignal.any([init.signal, AbortSignal.timeout(timeoutMs)])
      : AbortSignal.timeout(timeoutMs);
    let response: Response;
    try {
      response = await fetchImpl(`${options.hosts[host]}${path}`, {
        method: init.method ?? "GET",
        headers: { authorization: token, ...(init.body === undefined ? {} : { "content-type": "application/json" }) },
        ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
        signal,
      });
    } catch (cause) {
      throw new WbUnavailable(`${path}: ${cause instanceof Error ? cause.message : "network failure"}`, 0, { cause });
    }
    const header = (name: string) => {
      const value = response.headers.get(name);
      return value === null || value === "" || Number.isNaN(Number(value)) ? undefined : Number(value);
    };
    if (response.status === 429) {
      await response.body?.cancel();
      throw new WbRateLimited(Math.max(0, (header("x-ratelimit-retry") ?? 60) * 1000), header("x-ratelimit-limit"));
    }
    if (response.status === 401 || response.status === 403) {
      await response.body?.cancel();
      throw new WbUnauthorized(`${path}: token refused (${response.status})`, response.status);
    }
    if (response.status >= 500) {
      await response.body?.cancel();
      throw new WbUnavailable(`${path}: WB answered ${response.status}`, response.status);
    }
    if (!response.ok) {
      const text = await response.text().catch(() => "");
      throw new WbError(`${path}: WB answered ${response.status} ${text.slice(0, 200)}`, response.status);
    }
    const json: unknown = await response.json().catch(() => undefined);
    const parsed = schema.safeParse(json);
    if (!parsed.success)
      throw new WbBadResponse(
        `${path}: unexpected response shape: ${parsed.error.message.slice(0, 300)}`,
        response.status,
      );
    return { data: parsed.data, remaining: header("x-ratelimit-remaining") };
  }

  return {
    /** The acceptance coefficients for the next 14 days; all warehouses unless some are named. */
    coefficients: (token: string, opts: { warehouseIds?: readonly number[]; signal?: AbortSignal } = {}) =>
      call(
        "common-api",
        `/api/tariffs/v1/acceptance/coefficients${opts.warehouseIds?.length ? `?warehouseIDs=${opts.warehouseIds.join(",")}` : ""}`,
        token,
        coefficientRows,
        opts.signal ? { signal: opts.signal } : {},
      ),
    warehouses: (token: string) => call("supplies-api", "/api/v1/warehouses", token, z.array(warehouse)),
    /** The account's supplies, newest first; `statusIDs: [1]` lists the unplanned ones (preorders). */
    supplies: (token: string, opts: { statusIDs?: number[]; limit?: number; offset?: number } = {}) =>
      call(
        "supplies-api",
        `/api/v1/supplies?limit=${opts.limit ?? 1000}&offset=${opts.offset ?? 0}`,
        token,
        z.array(supplyListItem),
        { method: "POST", body: { ...(opts.statusIDs ? { statusIDs: opts.statusIDs } : {}) } },
      ),
    supply: (token: string, id: number, opts: { isPreorderID: boolean }) =>
      call("supplies-api", `/api/v1/supplies/${id}?isPreorderID=${opts.isPreorderID}`, token, supplyDetails),
  };
}

export type WbOfficialClient = ReturnType<typeof createWbOfficialClient>;
