/** WB refused or failed a call. Each kind asks for a different reaction from the caller. */
export class WbError extends Error {
  override name = "WbError";
  readonly status: number;
  constructor(message: string, status: number, options?: ErrorOptions) {
    super(message, options);
    this.status = status;
  }
}

/** 401/403: the token is unknown, revoked or lacks the scope. Retrying will not help. */
export class WbUnauthorized extends WbError {
  override name = "WbUnauthorized";
}

/** 429: this account's budget is spent; try again after `retryAfterMs`. */
export class WbRateLimited extends WbError {
  override name = "WbRateLimited";
  readonly retryAfterMs: number;
  readonly limit: number | undefined;
  constructor(retryAfterMs: number, limit: number | undefined) {
    super(`rate limited; retry in ${retryAfterMs} ms`, 429);
    this.retryAfterMs = retryAfterMs;
    this.limit = limit;
  }
}

/** 5xx, a timeout, a network failure, or the feed switched off: WB is not answering now. */
export class WbUnavailable extends WbError {
  override name = "WbUnavailable";
}

/** WB answered something that does not fit its own published shape. */
export class WbBadResponse extends WbError {
  override name = "WbBadResponse";
}
