export type TokenType = "personal" | "basic";

export interface TokenClaims {
  type: TokenType | "unknown";
  /** The WB seller account the token belongs to: rate limits are per account. */
  accountId: number | undefined;
}

/**
 * Reads what a WB API token says about itself. WB tokens are JWTs; per public tools the payload's
 * `acc` claim is 1 for a Personal token and 3 for a Basic one, and `oid` is the seller account.
 * This was checked only against the sandbox; the caller always confirms a token with a real call.
 */
export function tokenClaims(token: string): TokenClaims {
  const payload = token.split(".")[1];
  try {
    const claims = JSON.parse(Buffer.from(payload ?? "", "base64url").toString("utf8")) as {
      acc?: unknown;
      oid?: unknown;
    };
    const type = claims.acc === 1 ? "personal" : claims.acc === 3 ? "basic" : "unknown";
    return { type, accountId: typeof claims.oid === "number" ? claims.oid : undefined };
  } catch {
    return { type: "unknown", accountId: undefined };
  }
}
