import { formatAmount, moscowDay } from "@slotpilot/domain/billing/format";
import { whenReplaced } from "@slotpilot/domain/billing/replacing";
import { openInvoice, openLink } from "@telegram-apps/sdk-react";
import { useCallback, useState } from "react";
import { useTranslation } from "react-i18next";
import { type Billing, type CheckoutInput, messageOf } from "../api.ts";
import { LoadFailed } from "../components/load-failed.tsx";
import { SkeletonRows } from "../components/skeleton.tsx";
import { planTerms } from "../plan-format.ts";
import { useSession } from "../session.tsx";
import { haptic } from "../telegram/feedback.ts";
import { useLoad } from "../use-load.ts";

/** What became of the last payment the seller started here. */
type Outcome =
  | { kind: "idle" }
  | { kind: "busy"; product: string }
  | { kind: "paid" | "cancelled" | "failed" | "pending" | "opened" }
  | { kind: "error"; message: string };

/** The payment arrives through the bot a moment after Telegram says "paid": look a few times. */
const REFRESH_AFTER_PAYMENT_MS = [1500, 4000, 10000];

/**
 * Plan and usage: the plan in force (or the trial, or none), the period's bookings used and left,
 * packs, and the way to pay — a Telegram Stars invoice opened in place with the SDK (paid /
 * cancelled / failed said plainly), a card checkout through Paddle where it is configured, and
 * Paddle's portal for a card subscription. The plan changes when the payment arrives, not before.
 */
export function PlanScreen() {
  const { t, i18n } = useTranslation();
  const { api } = useSession();
  const billing = useLoad(useCallback(() => api.billing(), [api]));
  const history = useLoad(useCallback(() => api.billingHistory(), [api]));
  const [outcome, setOutcome] = useState<Outcome>({ kind: "idle" });

  const pay = async (input: CheckoutInput, product: string) => {
    setOutcome({ kind: "busy", product });
    try {
      const checkout = await api.checkout(input);
      if (checkout.provider === "paddle") {
        if (openLink.isAvailable()) openLink(checkout.url);
        else window.open(checkout.url, "_blank", "noopener");
        setOutcome({ kind: "opened" });
        return;
      }
      const status = await openInvoice(checkout.url, "url");
      setOutcome({ kind: status === "paid" || status === "cancelled" || status === "pending" ? status : "failed" });
      if (status === "paid") {
        haptic.success();
        for (const wait of REFRESH_AFTER_PAYMENT_MS) {
          window.setTimeout(() => {
            billing.retry();
            history.retry();
          }, wait);
        }
      } else if (status === "failed") haptic.error();
    } catch (error) {
      haptic.error();
      setOutcome({ kind: "error", message: messageOf(error) });
    }
  };

  const manageCard = async () => {
    try {
      const { url } = await api.billingPortal();
      if (openLink.isAvailable()) openLink(url);
      else window.open(url, "_blank", "noopener");
    } catch (error) {
      setOutcome({ kind: "error", message: messageOf(error) });
    }
  };

  return (
    <main className="screen">
      <h1 className="screen-title">{t("miniapp.plan.title")}</h1>
      {billing.state.status === "ready" ? (
        <>
          <CurrentPlan billing={billing.state.data} locale={i18n.language} />
          <OutcomeNote outcome={outcome} />
          <Offers billing={billing.state.data} busy={outcome.kind === "busy"} onPay={pay} onManageCard={manageCard} />
        </>
      ) : billing.state.status === "failed" ? (
        <section className="group">
          <LoadFailed message={billing.state.message} onRetry={billing.retry} />
        </section>
      ) : (
        <section className="group">
          <SkeletonRows rows={3} />
        </section>
      )}
      {history.state.status === "ready" && history.state.data.length > 0 ? (
        <section className="group">
          <h2 className="section-header">{t("miniapp.plan.historyTitle")}</h2>
          <ul className="section list">
            {history.state.data.slice(0, 10).map((entry) => (
              <li
                key={`${entry.kind}-${entry.at}-${entry.kind === "payment" ? entry.reference : entry.type}`}
                className="row"
              >
                <span className="row-title row-stack">
                  <span className="row-main">
                    {entry.kind === "payment"
                      ? t(entry.status === "refunded" ? "miniapp.plan.refundedPayment" : "miniapp.plan.payment", {
                          product: productName(t, entry.product),
                          amount: formatAmount(entry.amount, entry.currency, i18n.language),
                        })
                      : t(`miniapp.plan.change.${entry.type}`, {
                          defaultValue: entry.type,
                          plan: entry.plan ? productName(t, entry.plan) : "",
                        })}
                  </span>
                  <span className="row-sub">{moscowDay(entry.at, i18n.language)}</span>
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </main>
  );
}

type T = ReturnType<typeof useTranslation>["t"];

const productName = (t: T, id: string) =>
  id.startsWith("pack")
    ? t(`billing.packs.${id}`, { defaultValue: id })
    : t(`billing.plans.${id}`, { defaultValue: id });

function CurrentPlan({ billing, locale }: { billing: Billing; locale: string }) {
  const { t } = useTranslation();
  const until = billing.periodEnd ? moscowDay(billing.periodEnd, locale) : "—";
  const share = billing.usage.limit > 0 ? Math.min(1, billing.usage.used / billing.usage.limit) : 0;
  return (
    <section className="group">
      <h2 className="section-header">{t("miniapp.plan.current")}</h2>
      <dl className="section facts">
        <div className="fact">
          <dt className="fact-label">{t("miniapp.plan.planLabel")}</dt>
          <dd className="fact-value">
            {billing.inForce && billing.plan
              ? billing.trial.active
                ? t("miniapp.plan.trialUntil", { until })
                : t(billing.renews ? "miniapp.plan.renewsOn" : "miniapp.plan.until", {
                    plan: t(`billing.plans.${billing.plan}`),
                    until,
                  })
              : t(billing.trial.used ? "miniapp.plan.trialOver" : "miniapp.plan.none")}
          </dd>
        </div>
        {billing.inForce ? (
          <div className="fact">
            <dt className="fact-label">{t("miniapp.plan.bookings")}</dt>
            <dd className="fact-value">
              {t("miniapp.plan.usage", {
                used: billing.usage.used,
                limit: billing.usage.limit,
                left: billing.usage.left,
              })}
              <meter className="usage-meter" min={0} max={1} high={0.8} value={share} />
            </dd>
          </div>
        ) : null}
        <div className="fact">
          <dt className="fact-label">{t("miniapp.plan.packs")}</dt>
          <dd className="fact-value">{t("miniapp.plan.packsLeft", { count: billing.usage.packs })}</dd>
        </div>
      </dl>
      {billing.pastDue ? <p className="section section-text error-text">{t("miniapp.plan.pastDue")}</p> : null}
    </section>
  );
}

function OutcomeNote({ outcome }: { outcome: Outcome }) {
  const { t } = useTranslation();
  if (outcome.kind === "idle") return null;
  const text =
    outcome.kind === "busy"
      ? t("miniapp.plan.outcome.busy", { product: outcome.product })
      : outcome.kind === "error"
        ? outcome.message
        : t(`miniapp.plan.outcome.${outcome.kind}`);
  const bad = outcome.kind === "error" || outcome.kind === "failed";
  return (
    <p className={`section section-text ${bad ? "error-text" : "hint"}`} role={bad ? "alert" : "status"}>
      {text}
    </p>
  );
}

function PayButton({ busy, onClick, children }: { busy: boolean; onClick: () => void; children: string }) {
  return (
    <button type="button" className="button button-inline" disabled={busy} onClick={onClick}>
      {children}
    </button>
  );
}

/** The ways to pay for one plan or pack: in Stars (else its price alone) and by card when there is one. */
function PayOptions(props: {
  product: Pick<CheckoutInput, "plan"> | Pick<CheckoutInput, "pack">;
  name: string;
  stars: number;
  providers: Billing["providers"];
  busy: boolean;
  onPay: (input: CheckoutInput, product: string) => void;
}) {
  const { t } = useTranslation();
  const { product, name, busy, onPay } = props;
  const price = t("miniapp.plan.payStars", { stars: props.stars });
  return (
    <span className="offer-actions">
      {props.providers.stars ? (
        <PayButton busy={busy} onClick={() => onPay({ ...product, provider: "stars" }, name)}>
          {price}
        </PayButton>
      ) : (
        // No way to pay here: the price is still worth knowing.
        <span className="hint">{price}</span>
      )}
      {props.providers.paddle ? (
        <PayButton busy={busy} onClick={() => onPay({ ...product, provider: "paddle" }, name)}>
          {t("miniapp.plan.payCard")}
        </PayButton>
      ) : null}
    </span>
  );
}

/** Before the seller pays: what another plan does to the renewing subscription (`whenReplaced`). */
function ReplacingNote({ billing }: { billing: Billing }) {
  const { t } = useTranslation();
  const replaced = whenReplaced(billing);
  const plan = t(`billing.plans.${billing.plan}`);
  if (replaced === "stopped" && billing.providers.stars)
    return <p className="section-footer">{t("miniapp.plan.replaces", { plan })}</p>;
  if (replaced === "cancelled" && billing.providers.paddle)
    return <p className="section-footer">{t("miniapp.plan.replacesCard", { plan })}</p>;
  return null;
}

function Offers(props: {
  billing: Billing;
  busy: boolean;
  onPay: (input: CheckoutInput, product: string) => void;
  onManageCard: () => void;
}) {
  const { t } = useTranslation();
  const { billing, busy, onPay } = props;
  const { stars, paddle } = billing.providers;
  return (
    <>
      <section className="group">
        <h2 className="section-header">{t("miniapp.plan.plansTitle")}</h2>
        <ul className="section list">
          {billing.catalogue.plans.map((p) => {
            const name = t(`billing.plans.${p.id}`);
            return (
              <li key={p.id} className="row offer">
                <span className="row-title row-stack">
                  <span className="row-main">
                    {name}
                    {billing.inForce && billing.plan === p.id ? ` · ${t("miniapp.plan.yours")}` : ""}
                  </span>
                  <span className="row-sub">
                    {planTerms(p, t)}
                    {p.features.length > 0 ? ` · ${p.features.map((f) => t(`billing.features.${f}`)).join(", ")}` : ""}
                  </span>
                </span>
                <PayOptions
                  product={{ plan: p.id }}
                  name={name}
                  stars={p.stars}
                  providers={billing.providers}
                  busy={busy}
                  onPay={onPay}
                />
              </li>
            );
          })}
        </ul>
        <ReplacingNote billing={billing} />
      </section>
      <section className="group">
        <h2 className="section-header">{t("miniapp.plan.packsTitle")}</h2>
        <ul className="section list">
          {billing.catalogue.packs.map((p) => {
            const name = t(`billing.packs.${p.id}`);
            return (
              <li key={p.id} className="row offer">
                <span className="row-title">{name}</span>
                <PayOptions
                  product={{ pack: p.id }}
                  name={name}
                  stars={p.stars}
                  providers={billing.providers}
                  busy={busy}
                  onPay={onPay}
                />
              </li>
            );
          })}
        </ul>
        {!stars ? <p className="section section-text hint">{t("miniapp.plan.starsUnavailable")}</p> : null}
        {!paddle ? <p className="section section-text hint">{t("miniapp.plan.cardUnavailable")}</p> : null}
        {billing.canManageCard ? (
          <button type="button" className="link-button" onClick={props.onManageCard}>
            {t("miniapp.plan.manageCard")}
          </button>
        ) : null}
      </section>
    </>
  );
}
