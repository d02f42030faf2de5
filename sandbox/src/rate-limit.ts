export type TokenType = "personal" | "basic";

export type LimitedMethod = "coefficients" | "acceptanceOptions" | "warehouses" | "transitTariffs" | "supplies";

export interface BucketRule {
  /** Tokens the bucket holds when full (WB's "burst"). */
  burst: number;
  /** One token comes back every this many ms (WB's "interval"). */
  intervalMs: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * WB's published limits. Where WB publishes none for a Basic token (transit tariffs, supplies) the
 * Personal rule applies — an assumption, documented in the README.
 */
export const RATE_RULES: Record<LimitedMethod, Record<TokenType, BucketRule>> = {
  coefficients: { personal: { burst: 6, intervalMs: 10_000 }, basic: { burst: 1, intervalMs: HOUR } },
  acceptanceOptions: { personal: { burst: 6, intervalMs: 10_000 }, basic: { burst: 1, intervalMs: HOUR / 2 } },
  warehouses: { personal: { burst: 6, intervalMs: 10_000 }, basic: { burst: 1, intervalMs: 12 * HOUR } },
  transitTariffs: { personal: { burst: 10, intervalMs: 10_000 }, basic: { burst: 10, intervalMs: 10_000 } },
  supplies: { personal: { burst: 10, intervalMs: 2_000 }, basic: { burst: 10, intervalMs: 2_000 } },
};

/** What WB charges for a 4xx answer. */
export const CLIENT_ERROR_COST = 10;

export type Admission =
  | { allowed: true; remaining: number }
  | { allowed: false; limit: number; retrySeconds: number; resetSeconds: number };

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Token buckets keyed by seller account, token type and method: all tokens of one type of one
 * account share a budget, as on WB. Buckets may go negative when a 4xx is charged, which delays
 * the next admission just as WB's penalty does.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  admit(key: string, rule: BucketRule, now: number): Admission {
    const bucket = this.refill(key, rule, now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, remaining: Math.floor(bucket.tokens) };
    }
    return {
      allowed: false,
      limit: rule.burst,
      retrySeconds: Math.ceil(((1 - bucket.tokens) * rule.intervalMs) / 1000),
      resetSeconds: Math.ceil(((rule.burst - bucket.tokens) * rule.intervalMs) / 1000),
    };
  }

  /** Charges extra tokens after the fact (a 4xx costs more than one); returns what is left. */
  charge(key: string, rule: BucketRule, now: number, tokens: number): number {
    const bucket = this.refill(key, rule, now);
    bucket.tokens -= tokens;
    return Math.max(0, Math.floor(bucket.tokens));
  }

  private refill(key: string, rule: BucketRule, now: number): Bucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { tokens: rule.burst, at: now };
      this.buckets.set(key, bucket);
    }
    const elapsed = Math.max(0, now - bucket.at);
    bucket.tokens = Math.min(rule.burst, bucket.tokens + elapsed / rule.intervalMs);
    bucket.at = now;
    return bucket;
  }
}
