import type { Environment, Paddle } from "@paddle/paddle-node-sdk";

/**
 * Paddle refused a request for good: its error of type `request_error` (a 4xx — Paddle types a 429
 * `api_error`, like its own failures). Asking again gets the same answer. Anything else a gateway
 * call throws — Paddle unreachable, a 429, a 5xx — is passing.
 */
export class PaddleRefusedError extends Error {
  /** Paddle's error code, e.g. `not_found`, `subscription_is_canceled_action_invalid`. */
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = "PaddleRefusedError";
    this.code = code;
  }

  /** The subscription was canceled before we asked (by the seller in Paddle's portal, or by an earlier try of ours). */
  get alreadyCanceled(): boolean {
    return this.code === "subscription_is_canceled_action_invalid" || this.code === "subscription_update_when_canceled";
  }
}

/** What Slotpilot asks of Paddle. The real one is `paddleGateway`; without PADDLE_* there is none. */
export interface PaddleGateway {
  /** A checkout (a Paddle transaction) for one price, with the organization in `custom_data`. */
  createCheckout(input: { priceId: string; organizationId: number }): Promise<{ transactionId: string; url: string }>;
  /** A link to Paddle's customer portal, where the seller manages or cancels the subscription. */
  customerPortalUrl(input: { customerId: string; subscriptionIds: string[] }): Promise<string>;
  /**
   * Cancels a subscription now: no further charge. Throws `PaddleRefusedError` when Paddle refuses
   * (already canceled, unknown), anything else when Paddle could not be asked.
   */
  cancelSubscription(subscriptionId: string): Promise<void>;
  /**
   * True when `Paddle-Signature` (`ts=…;h1=…`) is the HMAC-SHA256 of `ts:rawBody` under the
   * webhook secret and `ts` is recent (the SDK allows 5 s): a forged or replayed request is false.
   */
  verifyWebhook(rawBody: string, signature: string): Promise<boolean>;
}

export interface PaddleGatewayConfig {
  apiKey: string;
  webhookSecret: string;
  environment: "sandbox" | "production";
  /** Tests only: Paddle's API at this address (a local server speaking Paddle's wire format). */
  baseUrl?: string;
}

/**
 * Paddle through its official Node SDK, loaded on first use: a product without PADDLE_* (every demo)
 * never pays for it. The API (checkout, portal, webhooks) and the workers (cancellations) share it.
 */
export function paddleGateway(config: PaddleGatewayConfig): PaddleGateway {
  let client: Promise<Paddle> | undefined;
  const sdk = () => {
    client ??= import("@paddle/paddle-node-sdk").then(
      ({ Environment, Paddle }) =>
        new Paddle(config.apiKey, {
          // The SDK takes a value that is no environment it knows as the API's base URL.
          environment:
            (config.baseUrl as Environment | undefined) ??
            (config.environment === "production" ? Environment.production : Environment.sandbox),
        }),
    );
    return client;
  };
  return {
    async createCheckout({ priceId, organizationId }) {
      const paddle = await sdk();
      const transaction = await paddle.transactions.create({
        items: [{ priceId, quantity: 1 }],
        customData: { organizationId: String(organizationId) },
      });
      const url = transaction.checkout?.url;
      if (!url) throw new Error("Paddle returned a transaction without a checkout URL (set a default payment link)");
      return { transactionId: transaction.id, url };
    },
    async customerPortalUrl({ customerId, subscriptionIds }) {
      const paddle = await sdk();
      const session = await paddle.customerPortalSessions.create(customerId, subscriptionIds);
      return session.urls.general.overview;
    },
    async cancelSubscription(subscriptionId) {
      const { ApiError } = await import("@paddle/paddle-node-sdk");
      const paddle = await sdk();
      try {
        await paddle.subscriptions.cancel(subscriptionId, { effectiveFrom: "immediately" });
      } catch (err) {
        // A 429 is \`api_error\` on Paddle's wire; its code is checked too, so a rate limit is never final.
        if (err instanceof ApiError && err.type === "request_error" && err.code !== "too_many_requests") {
          throw new PaddleRefusedError(err.code, err.message);
        }
        throw err;
      }
    },
    async verifyWebhook(rawBody, signature) {
      const paddle = await sdk();
      try {
        return await paddle.webhooks.isSignatureValid(rawBody, config.webhookSecret, signature);
      } catch {
        // A header that is not `ts=…;h1=…` at all.
        return false;
      }
    },
  };
}
