import type { Paddle } from "@paddle/paddle-node-sdk";

/** What Slotpilot asks of Paddle. The real one is `paddleGateway`; without PADDLE_* there is none. */
export interface PaddleGateway {
  /** A checkout (a Paddle transaction) for one price, with the organization in `custom_data`. */
  createCheckout(input: { priceId: string; organizationId: number }): Promise<{ transactionId: string; url: string }>;
  /** A link to Paddle's customer portal, where the seller manages or cancels the subscription. */
  customerPortalUrl(input: { customerId: string; subscriptionIds: string[] }): Promise<string>;
  /**
   * True when `Paddle-Signature` (`ts=…;h1=…`) is the HMAC-SHA256 of `ts:rawBody` under the
   * webhook secret and `ts` is recent (the SDK allows 5 s): a forged or replayed request is false.
   */
  verifyWebhook(rawBody: string, signature: string): Promise<boolean>;
}

/**
 * Paddle through its official Node SDK, loaded on first use: a product without PADDLE_* (every demo)
 * never pays for it.
 */
export function paddleGateway(config: {
  apiKey: string;
  webhookSecret: string;
  environment: "sandbox" | "production";
}): PaddleGateway {
  let client: Promise<Paddle> | undefined;
  const sdk = () => {
    client ??= import("@paddle/paddle-node-sdk").then(
      ({ Environment, Paddle }) =>
        new Paddle(config.apiKey, {
          environment: config.environment === "production" ? Environment.production : Environment.sandbox,
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
