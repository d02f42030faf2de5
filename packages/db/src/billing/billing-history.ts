import type { Executor } from "./plan-state.ts";

export type BillingHistoryEntry =
  | {
      kind: "payment";
      at: Date;
      provider: "stars" | "paddle";
      product: string;
      amount: number;
      currency: string;
      status: "paid" | "refunded";
      refundedAt: Date | null;
      reference: string;
    }
  | { kind: "plan_change"; at: Date; type: string; plan: string | null };

/** The organization's payments, refunds and plan changes, newest first. */
export async function billingHistory(db: Executor, organizationId: number, limit = 50): Promise<BillingHistoryEntry[]> {
  const [payments, changes] = await Promise.all([
    db
      .selectFrom("payments")
      .selectAll()
      .where("organization_id", "=", organizationId)
      .orderBy("paid_at", "desc")
      .limit(limit)
      .execute(),
    db
      .selectFrom("plan_events")
      .select(["at", "type", "event"])
      .where("organization_id", "=", organizationId)
      .where("changed", "=", true)
      .orderBy("at", "desc")
      .orderBy("id", "desc")
      .limit(limit)
      .execute(),
  ]);
  const entries: BillingHistoryEntry[] = [
    ...payments.map(
      (p): BillingHistoryEntry => ({
        kind: "payment",
        at: p.paid_at,
        provider: p.provider,
        product: p.product,
        amount: p.amount,
        currency: p.currency,
        status: p.status,
        refundedAt: p.refunded_at,
        reference: p.provider_ref,
      }),
    ),
    ...changes.map(
      (c): BillingHistoryEntry => ({
        kind: "plan_change",
        at: c.at,
        type: c.type,
        plan: typeof c.event.plan === "string" ? c.event.plan : typeof c.event.pack === "string" ? c.event.pack : null,
      }),
    ),
  ];
  return entries.sort((a, b) => b.at.getTime() - a.at.getTime()).slice(0, limit);
}
