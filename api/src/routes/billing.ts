import { randomBytes } from "node:crypto";
import {
  allowanceUsage,
  billingHistory,
  findStarsPayment,
  RATE_AUDIT_ACTIONS,
  readPlanState,
  recordAudit,
  recordRefund,
} from "@slotpilot/db";
import {
  AppError,
  type Catalogue,
  encodeStarsOrder,
  isPackId,
  isPaidPlanId,
  moscowDay,
  PACK_IDS,
  PAID_PLAN_IDS,
  PERIOD_SECONDS,
  PLAN_IDS,
  type ProductRef,
  planInForce,
  productId,
  productTerms,
  STARS_CURRENCY,
  subscribedAlready,
  withPaddlePriceIds,
} from "@slotpilot/domain";
import { translator } from "@slotpilot/locales";
import { Hono } from "hono";
import { z } from "zod";
import type { ApiDeps, AppEnv } from "../context.ts";
import { adminsOnly } from "../middleware/admins-only.ts";
import { enforcePolicy } from "../policy.ts";
import { validate } from "../validate.ts";
import { rule } from "../validation/field-errors.ts";

export interface BillingView {
  plan: string | null;
  /** The plan in force now (null: none — packs may still book). */
  inForce: boolean;
  periodStart: string | null;
  periodEnd: string | null;
  renews: boolean;
  provider: string | null;
  pastDue: boolean;
  /** When the subscription renews next (null: it does not). */
  nextRenewal: string | null;
  trial: { used: boolean; active: boolean; endsAt: string | null };
  usage: { used: number; limit: number; left: number; packs: number };
  /** Which ways to pay work here (a missing one is shown as unavailable, not broken). */
  providers: { stars: boolean; paddle: boolean };
  /** Paddle's customer portal is there to manage a card subscription. */
  canManageCard: boolean;
  catalogue: {
    plans: {
      id: string;
      monthlyBookings: number;
      tier: number;
      features: string[];
      maxCabinets: number;
      maxOpenTasks: number;
      stars: number;
    }[];
    packs: { id: string; bookings: number; stars: number }[];
  };
}

const checkoutBody = z
  .object({
    plan: z.enum(PAID_PLAN_IDS as [string, ...string[]]).optional(),
    pack: z.enum(PACK_IDS as unknown as [string, ...string[]]).optional(),
    provider: z.enum(["stars", "paddle"]),
  })
  .strict()
  .refine((b) => (b.plan === undefined) !== (b.pack === undefined), { ...rule("plan_or_pack"), path: ["plan"] });

const refundBody = z.object({ chargeId: z.string().trim().min(1).max(200) }).strict();

/** The catalogue as this deployment sells it (its Paddle price ids). */
export const catalogueOf = (deps: Pick<ApiDeps, "config">): Catalogue =>
  withPaddlePriceIds(deps.config.billing.paddlePriceIds);

/**
 * What the seller sees of their plan and how they pay: `GET /api/billing`, `GET /api/billing/history`,
 * `POST /api/billing/checkout` (a Stars invoice link or a Paddle checkout), `POST /api/billing/portal`
 * (Paddle's customer portal). Admins: `POST /api/admin/billing/refund` (a Stars payment back).
 */
export function billingRoutes(deps: ApiDeps) {
  const now = () => deps.now?.() ?? new Date();
  const catalogue = catalogueOf(deps);
  return new Hono<AppEnv>()
    .get("/billing", async (c) => {
      const organizationId = c.get("organization").id;
      const at = now();
      const [state, usage] = await Promise.all([
        readPlanState(deps.db, organizationId),
        allowanceUsage(deps.db, organizationId, at),
      ]);
      const inForce = planInForce(state, at);
      const view: BillingView = {
        plan: state.plan,
        inForce: inForce !== null,
        periodStart: state.periodStart?.toISOString() ?? null,
        periodEnd: state.periodEnd?.toISOString() ?? null,
        renews: state.renews,
        provider: state.provider,
        pastDue: state.pastDue,
        nextRenewal: state.renews && inForce !== null ? (state.periodEnd?.toISOString() ?? null) : null,
        trial: {
          used: state.trialUsed,
          active: inForce === "trial",
          endsAt: state.plan === "trial" ? (state.periodEnd?.toISOString() ?? null) : null,
        },
        usage: {
          used: usage.used,
          limit: usage.limit,
          left: Math.max(0, usage.limit - usage.used),
          packs: usage.packs,
        },
        providers: { stars: deps.stars !== undefined, paddle: deps.paddle !== undefined },
        canManageCard: deps.paddle !== undefined && state.provider === "paddle",
        catalogue: {
          plans: PLAN_IDS.filter((id) => id !== "trial").map((id) => {
            const p = catalogue.plans[id];
            return {
              id,
              monthlyBookings: p.monthlyBookings,
              tier: p.tier,
              features: [...p.features],
              maxCabinets: p.maxCabinets,
              maxOpenTasks: p.maxOpenTasks,
              stars: p.stars,
            };
          }),
          packs: PACK_IDS.map((id) => ({
            id,
            bookings: catalogue.packs[id].bookings,
            stars: catalogue.packs[id].stars,
          })),
        },
      };
      return c.json({ billing: view });
    })
    .get("/billing/history", async (c) => {
      const entries = await billingHistory(deps.db, c.get("organization").id);
      return c.json({
        history: entries.map((e) =>
          e.kind === "payment"
            ? { ...e, at: e.at.toISOString(), refundedAt: e.refundedAt?.toISOString() ?? null }
            : { ...e, at: e.at.toISOString() },
        ),
      });
    })
    .post("/billing/checkout", validate("json", checkoutBody), async (c) => {
      const body = c.req.valid("json");
      const organizationId = c.get("organization").id;
      await enforcePolicy(deps, organizationId, { type: "rate", action: "checkout" });
      const ref: ProductRef | null = isPaidPlanId(body.plan)
        ? { kind: "plan", plan: body.plan }
        : isPackId(body.pack)
          ? { kind: "pack", pack: body.pack }
          : null;
      if (!ref) throw new AppError("request.invalid", { field: "plan", problem: "" });
      const { kind } = ref;
      const product = productId(ref);
      // A second subscription to the plan already paying for itself would charge the seller twice.
      if (ref.kind === "plan") {
        const state = await readPlanState(deps.db, organizationId);
        if (subscribedAlready(state, ref.plan, now())) {
          throw new AppError("billing.already_subscribed", {
            plan: ref.plan,
            until: state.periodEnd ? moscowDay(state.periodEnd, c.get("locale")) : "—",
          });
        }
      }
      const terms = productTerms(catalogue, ref);
      let url: string;
      if (body.provider === "stars") {
        if (!deps.stars) throw new AppError("billing.stars_unavailable");
        const t = translator(c.get("locale"));
        const name = t(kind === "plan" ? `billing.plans.${product}` : `billing.packs.${product}`);
        const payload = encodeStarsOrder({ ...ref, organizationId, stars: terms.stars, nonce: nonce() });
        url = await deps.stars
          .createInvoiceLink(
            t("billing.stars.invoiceTitle", { product: name }).slice(0, 32),
            t(kind === "plan" ? "billing.stars.planDescription" : "billing.stars.packDescription", {
              bookings: terms.bookings,
            }).slice(0, 255),
            payload,
            "",
            STARS_CURRENCY,
            [{ label: name, amount: terms.stars }],
            kind === "plan" ? { subscription_period: PERIOD_SECONDS } : {},
          )
          .catch((err: unknown) => {
            deps.log.warn("stars invoice link failed", { err });
            throw new AppError("billing.checkout_failed");
          });
      } else {
        if (!deps.paddle || !terms.paddlePriceId) throw new AppError("billing.provider_unavailable");
        const checkout = await deps.paddle
          .createCheckout({ priceId: terms.paddlePriceId, organizationId })
          .catch((err: unknown) => {
            deps.log.warn("paddle checkout failed", { err });
            throw new AppError("billing.checkout_failed");
          });
        url = checkout.url;
      }
      await recordAudit(deps.db, {
        action: RATE_AUDIT_ACTIONS.checkout,
        actorUserId: c.get("user").id,
        organizationId,
        details: { provider: body.provider, product },
      });
      return c.json({ checkout: { provider: body.provider, kind, product, url } });
    })
    .post("/billing/portal", async (c) => {
      if (!deps.paddle) throw new AppError("billing.provider_unavailable");
      const state = await deps.db
        .selectFrom("plan_states")
        .select(["customer_ref", "subscription_ref", "provider"])
        .where("organization_id", "=", c.get("organization").id)
        .executeTakeFirst();
      if (!state?.customer_ref) throw new AppError("billing.no_subscription");
      const subscriptions = state.provider === "paddle" && state.subscription_ref ? [state.subscription_ref] : [];
      const url = await deps.paddle
        .customerPortalUrl({ customerId: state.customer_ref, subscriptionIds: subscriptions })
        .catch((err: unknown) => {
          deps.log.warn("paddle portal link failed", { err });
          throw new AppError("billing.checkout_failed");
        });
      return c.json({ portal: { url } });
    })
    .post("/admin/billing/refund", adminsOnly, validate("json", refundBody), async (c) => {
      const { chargeId } = c.req.valid("json");
      if (!deps.stars) throw new AppError("billing.stars_unavailable");
      const payment = await findStarsPayment(deps.db, chargeId);
      if (!payment) throw new AppError("billing.charge_not_found", { chargeId });
      if (payment.status === "refunded") throw new AppError("billing.already_refunded");
      if (payment.payerTelegramId === null) throw new AppError("billing.charge_not_found", { chargeId });
      try {
        await deps.stars.refundStarPayment(payment.payerTelegramId, chargeId);
      } catch (err) {
        // Refunded before (a crash between Telegram's refund and our record): record it now.
        const description = err instanceof Error ? err.message : String(err);
        if (!/CHARGE_ALREADY_REFUNDED/i.test(description)) {
          throw new AppError("billing.refund_failed", { reason: description.slice(0, 200) });
        }
      }
      await recordRefund(deps.db, {
        provider: "stars",
        providerRef: chargeId,
        actorUserId: c.get("user").id,
        ...(deps.now ? { at: deps.now() } : {}),
      });
      // The plan is gone now: its renewals must not charge the seller again.
      if (payment.kind === "plan" && payment.firstChargeId) {
        await deps.stars
          .editUserStarSubscription(payment.payerTelegramId, payment.firstChargeId, true)
          .catch((err: unknown) => deps.log.warn("stars subscription not cancelled after refund", { err, chargeId }));
      }
      return c.json({
        refund: { chargeId, product: payment.product, amount: payment.amount, currency: payment.currency },
      });
    });
}

const nonce = () => randomBytes(9).toString("base64url");
