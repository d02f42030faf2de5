import type { Page } from "playwright";
import { PortalRateLimited, PortalRpcError, PortalSessionLost, PortalUnavailable } from "./errors.ts";

/** What an in-page call hands back across the CDP boundary: plain data, never a thrown page error. */
export type InPageAnswer =
  | { ok: true; result: unknown }
  | { ok: false; gone: true }
  | { ok: false; gone: false; code: number; message: string; reason?: string | undefined };

/** Turns an in-page answer into a result or the portal error it means. */
export function settle<T>(answer: InPageAnswer): T {
  if (answer.ok) return answer.result as T;
  if (answer.gone) throw new PortalSessionLost("the portal session has ended");
  if (answer.code === 429) throw new PortalRateLimited("the portal asks to slow down", 10_000);
  if (answer.code >= 500 || answer.code === 0) throw new PortalUnavailable(`the portal answered ${answer.code}`);
  throw new PortalRpcError(answer.message, answer.code, answer.reason);
}

/**
 * `page.evaluate` that survives the page going away under it (a navigation, a crash): that is the
 * portal being unavailable for a moment, not a bug.
 */
export async function evaluateInPage<A, R>(page: Page, fn: (arg: A) => Promise<R>, arg: A): Promise<R> {
  try {
    // The arguments are plain data, which Playwright passes through unchanged (its `Unboxed<A>` is A).
    return await page.evaluate(fn as (arg: unknown) => Promise<R>, arg as unknown);
  } catch (error) {
    throw new PortalUnavailable(`the portal page did not answer: ${(error as Error).message.split("\n")[0]}`);
  }
}
