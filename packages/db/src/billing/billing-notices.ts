import type { Transaction } from "kysely";
import { enqueueMessages } from "../outbox.ts";
import type { Database } from "../schema.ts";
import { ownerChat } from "./plan-tasks.ts";

/** What a plan message tells the seller (the notifier words it; see workers' billing-messages). */
export type BillingNotice =
  | { notice: "trial_ended"; pausedTasks: number }
  | { notice: "plan_ended"; plan: string; pausedTasks: number }
  | { notice: "plan_granted"; plan: string; periodEnd: string; resumedTasks: number }
  | { notice: "usage_warning"; plan: string; used: number; limit: number }
  | {
      notice: "receipt";
      provider: "stars" | "paddle";
      product: string;
      amount: number;
      currency: string;
      periodEnd: string | null;
      chargeId: string;
      /** The plan whose Stars subscription this one replaced (its renewals are being stopped). */
      replaces?: string | null;
    }
  | {
      notice: "replaced_renewal";
      /** Who charged: Telegram (Stars, the default for rows older than this field) or Paddle (a card). */
      provider?: "stars" | "paddle";
      /** The plan the renewal was for, and the plan in force (which stays). */
      product: string;
      current: string | null;
      amount: number;
      currency: string;
      chargeId: string;
    }
  | { notice: "refunded"; product: string; amount: number; currency: string }
  /** The card subscription to `plan`, which the seller replaced with another plan, is cancelled at Paddle. */
  | { notice: "card_cancelled"; plan: string };

export const BILLING_NOTICE_KIND = "billing.notice";

/**
 * Queues a plan message to the organization's owner in the caller's transaction, once per
 * `dedupeKey` (the cause: a charge id, a period's end, a warning's period).
 */
export async function enqueueBillingNotice(
  trx: Transaction<Database>,
  organizationId: number,
  notice: BillingNotice,
  dedupeKey: string,
): Promise<void> {
  const owner = await ownerChat(trx, organizationId);
  if (!owner) return;
  await enqueueMessages(trx, [
    {
      chatId: owner.chatId,
      kind: BILLING_NOTICE_KIND,
      dedupeKey: `billing:${dedupeKey}`,
      payload: notice,
      organizationId,
    },
  ]);
}
