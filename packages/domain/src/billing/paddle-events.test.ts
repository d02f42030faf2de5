import { describe, expect, it } from "vitest";
import { withPaddlePriceIds } from "./catalogue.ts";
import { interpretPaddle, readPaddleNotification } from "./paddle-events.ts";

const catalogue = withPaddlePriceIds({ basic10: "pri_b", pack5: "pri_p5" });
const at = "2030-01-01T00:00:00Z";
const sub = (status: string, over: Record<string, unknown> = {}) =>
  readPaddleNotification({
    event_id: "evt_1",
    event_type: "subscription.updated",
    occurred_at: at,
    data: {
      id: "sub_1",
      status,
      customer_id: "ctm_1",
      custom_data: { organizationId: "7" },
      items: [{ price: { id: "pri_b" } }],
      current_billing_period: { starts_at: at, ends_at: "2030-01-31T00:00:00Z" },
      ...over,
    },
  });

describe("Paddle notifications as plan changes", () => {
  it.each([
    ["active", {}, ["subscribed"]],
    ["trialing", {}, ["subscribed"]],
    ["active", { scheduled_change: { action: "cancel" } }, ["subscribed", "cancelled"]],
    ["past_due", {}, ["subscribed", "past_due"]],
    ["paused", {}, ["stepped_down"]],
    ["canceled", { current_billing_period: null }, ["stepped_down"]],
  ])("subscription %s %j → %j", (status, over, types) => {
    const n = sub(status, over);
    if (!n) throw new Error("unreadable");
    const meaning = interpretPaddle(catalogue, n);
    expect(meaning.ok && meaning.events.map((e) => e.type)).toEqual(types);
    expect(meaning).toMatchObject({ organizationId: 7, subscriptionId: "sub_1", customerId: "ctm_1" });
  });

  it("ignores what is not ours, and reads nothing it cannot trust", () => {
    const foreign = sub("active", { items: [{ price: { id: "pri_unknown" } }] });
    expect(foreign && interpretPaddle(catalogue, foreign)).toEqual({
      ok: false,
      ignored: "price pri_unknown is not a plan",
    });
    expect(readPaddleNotification({ event_id: 1 })).toBeNull();
    expect(readPaddleNotification({ event_id: "e", event_type: "x", occurred_at: "yesterday", data: {} })).toBeNull();
  });

  it("a completed pack transaction is a payment that adds the pack", () => {
    const n = readPaddleNotification({
      event_id: "evt_2",
      event_type: "transaction.completed",
      occurred_at: at,
      data: {
        id: "txn_1",
        items: [{ price: { id: "pri_p5" } }],
        details: { totals: { grand_total: "990", currency_code: "EUR" } },
      },
    });
    if (!n) throw new Error("unreadable");
    expect(interpretPaddle(catalogue, n)).toMatchObject({
      ok: true,
      organizationId: null,
      events: [{ type: "pack_added", pack: "pack5", bookings: 5 }],
      payment: { transactionId: "txn_1", kind: "pack", product: "pack5", amount: 990, currency: "EUR" },
    });
  });
});
