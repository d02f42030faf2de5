import { z } from "zod";
import { optionalString } from "./fields.ts";

/**
 * Paddle (card payments on the web). All unset = the card option shows as unavailable. The plan
 * catalogue and its Stars prices live in packages/domain/src/billing/catalogue.ts; a deployment's
 * own Paddle price ids replace the placeholders there through PADDLE_PRICE_IDS.
 */
export const billingEnvFields = {
  PADDLE_API_KEY: optionalString,
  /** The notification destination's secret key (Paddle → Developer tools → Notifications). */
  PADDLE_WEBHOOK_SECRET: optionalString,
  PADDLE_ENV: z.enum(["sandbox", "production"], { error: "expects sandbox or production" }).default("sandbox"),
  /** `plan-or-pack=pri_…` pairs, comma-separated, e.g. `basic10=pri_01h…,pack5=pri_01j…`. */
  PADDLE_PRICE_IDS: z
    .string()
    .default("")
    .transform((v, ctx) => {
      const ids: Record<string, string> = {};
      for (const pair of v
        .split(",")
        .map((p) => p.trim())
        .filter(Boolean)) {
        const m = /^([a-z0-9]+)=(pri_[A-Za-z0-9_]+)$/.exec(pair);
        if (!m?.[1] || !m[2]) {
          ctx.addIssue({ code: "custom", message: "expects id=pri_… pairs, e.g. basic10=pri_01abc,pack5=pri_01def" });
          return z.NEVER;
        }
        ids[m[1]] = m[2];
      }
      return ids;
    }),
};

export interface BillingConfig {
  paddle: { apiKey: string; webhookSecret: string; environment: "sandbox" | "production" } | undefined;
  paddlePriceIds: Readonly<Record<string, string>>;
}

type BillingEnv = {
  PADDLE_API_KEY?: string | undefined;
  PADDLE_WEBHOOK_SECRET?: string | undefined;
  PADDLE_ENV: "sandbox" | "production";
  PADDLE_PRICE_IDS: Record<string, string>;
};

export function refineBilling(env: Omit<BillingEnv, "PADDLE_ENV" | "PADDLE_PRICE_IDS">, ctx: z.RefinementCtx): void {
  if ((env.PADDLE_API_KEY === undefined) !== (env.PADDLE_WEBHOOK_SECRET === undefined)) {
    ctx.addIssue({
      code: "custom",
      path: [env.PADDLE_API_KEY === undefined ? "PADDLE_API_KEY" : "PADDLE_WEBHOOK_SECRET"],
      message: "is required together with the other of PADDLE_API_KEY and PADDLE_WEBHOOK_SECRET",
    });
  }
}

export function billingConfig(env: BillingEnv): BillingConfig {
  return {
    paddle:
      env.PADDLE_API_KEY && env.PADDLE_WEBHOOK_SECRET
        ? { apiKey: env.PADDLE_API_KEY, webhookSecret: env.PADDLE_WEBHOOK_SECRET, environment: env.PADDLE_ENV }
        : undefined,
    paddlePriceIds: env.PADDLE_PRICE_IDS,
  };
}
