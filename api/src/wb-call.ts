import { AppError } from "@slotpilot/domain";
import { WbRateLimited, WbUnauthorized, WbUnavailable } from "@slotpilot/wb";

/**
 * The longest WB rate-limit pause a seller's request waits out itself (once) instead of answering
 * "try again in a second": a screen that just listed the cabinet's supplies may have spent the
 * burst, and the seller's next click should not fail for a second's budget.
 */
export const WAIT_OUT_MS = 2_000;

/** Runs a WB call for a seller's request, turning WB's refusals into errors the seller can act on. */
export async function callWb<T>(call: () => Promise<T>, waitOutMs = WAIT_OUT_MS): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof WbRateLimited && error.retryAfterMs <= waitOutMs) {
      await new Promise((resolve) => setTimeout(resolve, error.retryAfterMs));
      return callWb(call, 0);
    }
    if (error instanceof WbUnauthorized) throw new AppError("cabinet.token_invalid", {}, { cause: error });
    if (error instanceof WbRateLimited) {
      throw new AppError("wb.rate_limited", { seconds: Math.ceil(error.retryAfterMs / 1000) }, { cause: error });
    }
    if (error instanceof WbUnavailable) throw new AppError("wb.unavailable", {}, { cause: error });
    throw error;
  }
}
