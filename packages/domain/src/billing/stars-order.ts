import { type Catalogue, isPackId, isPaidPlanId, type PackId, type PaidPlanId } from "./catalogue.ts";

/**
 * What a Telegram Stars invoice sells, carried in its payload (1–128 bytes, never shown): the
 * organization, the product, the price it was offered at and a nonce. The price travels so a
 * pre-checkout can tell an invoice made before a price change from a current one.
 */
export type StarsOrder =
  | { organizationId: number; kind: "plan"; plan: PaidPlanId; stars: number; nonce: string }
  | { organizationId: number; kind: "pack"; pack: PackId; stars: number; nonce: string };

export const STARS_CURRENCY = "XTR";

export function encodeStarsOrder(order: StarsOrder): string {
  const product = order.kind === "plan" ? order.plan : order.pack;
  return ["sp1", order.organizationId, order.kind, product, order.stars, order.nonce].join(":");
}

export function parseStarsOrder(payload: string): StarsOrder | null {
  const m = /^sp1:(\d{1,15}):(plan|pack):([a-z0-9]{1,20}):(\d{1,6}):([A-Za-z0-9_-]{1,40})$/.exec(payload);
  if (!m) return null;
  const [, org, kind, product, stars, nonce] = m as unknown as [string, string, string, string, string, string];
  const base = { organizationId: Number(org), stars: Number(stars), nonce };
  if (kind === "plan" && isPaidPlanId(product)) return { ...base, kind, plan: product };
  if (kind === "pack" && isPackId(product)) return { ...base, kind, pack: product };
  return null;
}

/** The price of a product now, in Stars. */
export const currentStars = (catalogue: Catalogue, order: StarsOrder): number =>
  order.kind === "plan" ? catalogue.plans[order.plan].stars : catalogue.packs[order.pack].stars;

export type StarsCheck = { ok: true; order: StarsOrder } | { ok: false; reason: "unknown_order" | "price_changed" };

/**
 * The pre-checkout rule: sell only what the catalogue sells now, at the price it asks now, in
 * Stars. An invoice made before a price change is refused (the seller asks for a fresh one).
 */
export function checkStarsOrder(
  catalogue: Catalogue,
  query: { invoicePayload: string; currency: string; totalAmount: number },
): StarsCheck {
  const order = parseStarsOrder(query.invoicePayload);
  if (!order || query.currency !== STARS_CURRENCY) return { ok: false, reason: "unknown_order" };
  const price = currentStars(catalogue, order);
  if (order.stars !== price || query.totalAmount !== price) return { ok: false, reason: "price_changed" };
  return { ok: true, order };
}
