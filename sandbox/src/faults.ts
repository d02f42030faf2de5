import { z } from "zod";

/** Endpoint groups a latency can target; `*` is the default for all of them. */
export const ENDPOINT_GROUPS = [
  "coefficients",
  "warehouses",
  "acceptanceOptions",
  "transitTariffs",
  "supplies",
  "auth",
  "portal",
  "rpc",
  "plan",
  "pow",
] as const;
export type EndpointGroup = (typeof ENDPOINT_GROUPS)[number];

export interface Faults {
  /** Added delay in ms: one number for everything, or per endpoint group (`*` as fallback). */
  latencyMs: number | Partial<Record<EndpointGroup | "*", number>>;
  /** Share of official-API, JSON-RPC and captcha requests answered with a 5xx. */
  errorRate: number;
  /** The coefficients feed answers as WB's "temporarily disabled" method did. */
  feedOff: boolean;
  /** The other methods WB switched off in Aug 2026 (FACTS.md), each answering like the feed. */
  warehousesOff: boolean;
  acceptanceOptionsOff: boolean;
  transitTariffsOff: boolean;
  /** Share of logins that must pass an image captcha (an already known device never does). */
  captchaRate: number;
  /** Competitors take a cheap open cell this long after it opened; null: no competitors. */
  competitorDelayMs: number | null;
  /** Competitors only take open cells up to this coefficient (0: free cells only). */
  competitorMaxCoefficient: number;
  /** Leading zero bits the proof-of-work answer needs. */
  powDifficulty: number;
  /** Lifetime of a portal session (cookies); the header token always lives 5 minutes. */
  sessionTtlMs: number;
  /**
   * Share of planning challenges WB's scoring refuses although they passed: a real browser's token
   * is still `captcha_invalid` now and then (WB's scoring is opaque). Seeded like `errorRate`.
   */
  challengeRefusalRate: number;
}

export const DEFAULT_FAULTS: Faults = {
  latencyMs: 0,
  errorRate: 0,
  feedOff: false,
  warehousesOff: false,
  acceptanceOptionsOff: false,
  transitTariffsOff: false,
  captchaRate: 0,
  competitorDelayMs: 20_000,
  competitorMaxCoefficient: 0,
  powDifficulty: 12,
  sessionTtlMs: 24 * 60 * 60 * 1000,
  challengeRefusalRate: 0,
};

export const faultsPatchSchema = z.strictObject({
  latencyMs: z
    .union([z.number().min(0), z.partialRecord(z.enum([...ENDPOINT_GROUPS, "*"]), z.number().min(0))])
    .optional(),
  errorRate: z.number().min(0).max(1).optional(),
  feedOff: z.boolean().optional(),
  warehousesOff: z.boolean().optional(),
  acceptanceOptionsOff: z.boolean().optional(),
  transitTariffsOff: z.boolean().optional(),
  captchaRate: z.number().min(0).max(1).optional(),
  /** An action rather than a state: every current portal session ends now. */
  expireSessions: z.boolean().optional(),
  competitorDelayMs: z.number().min(0).nullable().optional(),
  competitorMaxCoefficient: z.number().int().min(0).max(20).optional(),
  powDifficulty: z.number().int().min(0).max(24).optional(),
  sessionTtlMs: z.number().int().min(1000).optional(),
  challengeRefusalRate: z.number().min(0).max(1).optional(),
});
export type FaultsPatch = z.infer<typeof faultsPatchSchema>;

export function latencyFor(faults: Faults, group: EndpointGroup): number {
  if (typeof faults.latencyMs === "number") return faults.latencyMs;
  return faults.latencyMs[group] ?? faults.latencyMs["*"] ?? 0;
}
