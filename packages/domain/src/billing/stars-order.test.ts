import { describe, expect, it } from "vitest";
import { DEFAULT_CATALOGUE, PLANS } from "./catalogue.ts";
import { checkStarsOrder, encodeStarsOrder, parseStarsOrder, type StarsOrder } from "./stars-order.ts";

const order: StarsOrder = { organizationId: 42, kind: "plan", plan: "pro25", stars: PLANS.pro25.stars, nonce: "n1" };
const payload = encodeStarsOrder(order);
const cheaper = { ...DEFAULT_CATALOGUE, plans: { ...PLANS, pro25: { ...PLANS.pro25, stars: 1 } } };

describe("Stars orders", () => {
  it("round-trip through a payload Telegram accepts (≤ 128 bytes)", () => {
    expect(parseStarsOrder(payload)).toEqual(order);
    expect(
      Buffer.byteLength(encodeStarsOrder({ ...order, organizationId: 999_999_999_999_999, nonce: "x".repeat(40) })),
    ).toBeLessThanOrEqual(128);
    for (const bad of [
      "",
      "sp1:42:plan:trial:0:n",
      "sp1:42:plan:gold:1:n",
      "sp2:42:plan:pro25:990:n",
      `${payload}:x`,
    ]) {
      expect(parseStarsOrder(bad)).toBeNull();
    }
  });

  it.each([
    ["the current price", DEFAULT_CATALOGUE, payload, "XTR", PLANS.pro25.stars, { ok: true, order }],
    [
      "a price changed since the invoice",
      cheaper,
      payload,
      "XTR",
      PLANS.pro25.stars,
      { ok: false, reason: "price_changed" },
    ],
    ["an amount that is not the price", DEFAULT_CATALOGUE, payload, "XTR", 1, { ok: false, reason: "price_changed" }],
    ["another currency", DEFAULT_CATALOGUE, payload, "USD", PLANS.pro25.stars, { ok: false, reason: "unknown_order" }],
    ["a payload we never made", DEFAULT_CATALOGUE, "hello", "XTR", 1, { ok: false, reason: "unknown_order" }],
  ])("pre-checkout: %s", (_, catalogue, invoicePayload, currency, totalAmount, expected) => {
    expect(checkStarsOrder(catalogue, { invoicePayload, currency, totalAmount })).toEqual(expected);
  });
});
