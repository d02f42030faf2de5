import { awaitPortalCall, createPortalCall, type Db, readPortalSession } from "@slotpilot/db";
import { AppError, type ErrorCode } from "@slotpilot/domain";

/** How long a seller's request waits for the worker holding the cabinet's session. */
export const PORTAL_CALL_TIMEOUT_MS = 20_000;

const CODES = new Set<string>(["portal.not_connected", "portal.session_lost", "portal.rate_limited", "portal.refused"]);

/**
 * Runs a call in the cabinet's live portal session, through whichever worker holds it (the API has
 * no browser). A cabinet without an active session is `portal.not_connected`; no answer in time is
 * `portal.unavailable`.
 */
export async function callPortal<T>(
  db: Db,
  cabinetId: number,
  method: string,
  params: Record<string, unknown> = {},
  timeoutMs = PORTAL_CALL_TIMEOUT_MS,
): Promise<T> {
  const session = await readPortalSession(db, cabinetId);
  if (session?.state !== "ACTIVE") throw new AppError("portal.not_connected");
  const id = await createPortalCall(db, { cabinetId, method, params, timeoutMs });
  const outcome = await awaitPortalCall(db, id, { timeoutMs });
  if (outcome.status === "done") return outcome.result as T;
  if (outcome.status === "failed" && CODES.has(outcome.errorCode)) throw new AppError(outcome.errorCode as ErrorCode);
  throw new AppError("portal.unavailable");
}

/** Whether the cabinet has a live portal session (calls can be made). */
export async function portalActive(db: Db, cabinetId: number): Promise<boolean> {
  return (await readPortalSession(db, cabinetId))?.state === "ACTIVE";
}
