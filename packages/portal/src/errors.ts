/**
 * What can go wrong in the portal, as types the keeper and (next) the booker act on. Messages never
 * carry session material.
 */
export class PortalError extends Error {
  override name = "PortalError";
}

/** The session is over on WB's side (pages bounce to login, the header refresh answers 401). */
export class PortalSessionLost extends PortalError {
  override name = "PortalSessionLost";
}

/** The portal asked us to slow down. */
export class PortalRateLimited extends PortalError {
  override name = "PortalRateLimited";
  readonly retryAfterMs: number;
  constructor(message: string, retryAfterMs: number) {
    super(message);
    this.retryAfterMs = retryAfterMs;
  }
}

/** A JSON-RPC call WB answered with an error: `reason` is WB's own code when it gives one. */
export class PortalRpcError extends PortalError {
  override name = "PortalRpcError";
  readonly code: number;
  readonly reason: string | undefined;
  constructor(message: string, code: number, reason?: string) {
    super(message);
    this.code = code;
    this.reason = reason;
  }
}

/** The portal did not answer as expected (5xx, a page that never loaded, an unknown layout). */
export class PortalUnavailable extends PortalError {
  override name = "PortalUnavailable";
}

/** The driver cannot do this against this target (yet): the message says why. */
export class PortalNotSupported extends PortalError {
  override name = "PortalNotSupported";
}
