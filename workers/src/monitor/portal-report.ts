import { awaitPortalCall, createPortalCall, type Db } from "@slotpilot/db";
import type { FeedRow } from "@slotpilot/domain";
import { PortalReadError } from "./portal-source.ts";

/** How long the monitor waits for a session's report (a report is ~5,000 rows). */
const REPORT_TIMEOUT_MS = 20_000;

/**
 * Asks the worker holding `cabinetId`'s session for the all-warehouse coefficients report (the
 * monitor may run in another process than the session). Throws `PortalReadError` with the reason.
 */
export async function readPortalReport(db: Db, cabinetId: number, signal: AbortSignal): Promise<readonly FeedRow[]> {
  const id = await createPortalCall(db, {
    cabinetId,
    method: "coefficientsReport",
    params: {},
    timeoutMs: REPORT_TIMEOUT_MS,
  });
  const outcome = await awaitPortalCall(db, id, { timeoutMs: REPORT_TIMEOUT_MS, signal });
  if (outcome.status === "done" && Array.isArray(outcome.result)) return outcome.result as FeedRow[];
  throw new PortalReadError(outcome.status === "failed" ? outcome.errorCode : "portal.unavailable");
}
