import { sql } from "kysely";
import type { Db } from "../connect.ts";

export interface BillingTotals {
  /** Paid minus refunded, per provider and currency (Stars in whole Stars, card in minor units). */
  revenue: { provider: "stars" | "paddle"; currency: string; last30Days: number; allTime: number }[];
  /** Subscriptions that renew and are in force now, per provider. */
  activeSubscriptions: { provider: "stars" | "paddle"; count: number }[];
  /** Organizations per plan in force now (trial, grants and paid). */
  plans: { plan: string; count: number }[];
  /**
   * Replaced Stars subscriptions whose renewals are still to be stopped (`pending`), and those
   * Telegram refused to stop (`failed`: the seller may be charged for a plan they left).
   */
  renewalsToStop: { pending: number; failed: number };
}

/** Revenue and subscriptions for the admin status. */
export async function billingTotals(db: Db, now = new Date()): Promise<BillingTotals> {
  const monthAgo = new Date(now.getTime() - 30 * 24 * 60 * 60 * 1000);
  const [revenue, subs, plans, stops] = await Promise.all([
    db
      .selectFrom("payments")
      .select([
        "provider",
        "currency",
        sql<number>`coalesce(sum(amount) filter (where status = 'paid' and paid_at > ${monthAgo}), 0)::int`.as(
          "last30Days",
        ),
        sql<number>`coalesce(sum(amount) filter (where status = 'paid'), 0)::int`.as("allTime"),
      ])
      .groupBy(["provider", "currency"])
      .orderBy("provider")
      .execute(),
    db
      .selectFrom("plan_states")
      .select(["provider", (eb) => eb.fn.countAll<number>().as("count")])
      .where("provider", "in", ["stars", "paddle"])
      .where("renews", "=", true)
      .where("period_end", ">", now)
      .groupBy("provider")
      .execute(),
    db
      .selectFrom("plan_states")
      .select(["plan", (eb) => eb.fn.countAll<number>().as("count")])
      .where("plan", "is not", null)
      .where("period_end", ">", now)
      .groupBy("plan")
      .orderBy("plan")
      .execute(),
    db
      .selectFrom("stars_renewal_cancels")
      .select([
        sql<number>`count(*) filter (where status = 'pending')::int`.as("pending"),
        sql<number>`count(*) filter (where status = 'failed')::int`.as("failed"),
      ])
      .executeTakeFirstOrThrow(),
  ]);
  return {
    revenue: revenue.map((r) => ({ ...r, last30Days: Number(r.last30Days), allTime: Number(r.allTime) })),
    activeSubscriptions: subs.map((s) => ({ provider: s.provider as "stars" | "paddle", count: Number(s.count) })),
    plans: plans.map((p) => ({ plan: p.plan ?? "", count: Number(p.count) })),
    renewalsToStop: { pending: Number(stops.pending), failed: Number(stops.failed) },
  };
}
