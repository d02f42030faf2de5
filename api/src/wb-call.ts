import { AppError } from "@slotpilot/domain";
import { WbRateLimited, WbUnauthorized, WbUnavailable } from "@slotpilot/wb";

/** Runs a WB call for a seller's request, turning WB's refusals into errors the seller can act on. */
export async function callWb<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof WbUnauthorized) throw new AppError("cabinet.token_invalid", {}, { cause: error });
    if (error instanceof WbRateLimited) {
      throw new AppError("wb.rate_limited", { seconds: Math.ceil(error.retryAfterMs / 1000) }, { cause: error });
    }
    if (error instanceof WbUnavailable) throw new AppError("wb.unavailable", {}, { cause: error });
    throw error;
  }
}
