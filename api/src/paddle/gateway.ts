import type { PaddleGateway as Paddle } from "@slotpilot/paddle";

// The one Paddle client lives in `@slotpilot/paddle`, shared with the workers (which cancel
// replaced subscriptions through it).
export { paddleGateway } from "@slotpilot/paddle";

/** What the API asks of Paddle: checkouts, the customer portal and webhook signatures. */
export type PaddleGateway = Pick<Paddle, "createCheckout" | "customerPortalUrl" | "verifyWebhook">;
