import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import { SkeletonRows } from "../components/skeleton.tsx";
import { useSession } from "../session.tsx";
import { useLoad } from "../use-load.ts";

/**
 * Plan and usage. Plans, limits and billing are not built yet (booking and billing work): this
 * shows what the API has — the seller's tasks — and says plainly that there is no plan yet. No
 * number here is invented.
 */
export function PlanScreen() {
  const { t } = useTranslation();
  const { api } = useSession();
  const { state } = useLoad(useCallback(() => api.tasks(), [api]));
  return (
    <main className="screen">
      <h1 className="screen-title">{t("miniapp.plan.title")}</h1>
      <section className="group">
        <h2 className="section-header">{t("miniapp.plan.usage")}</h2>
        {state.status === "ready" ? (
          <dl className="section facts">
            <div className="fact">
              <dt className="fact-label">{t("miniapp.plan.tasks")}</dt>
              <dd className="fact-value">{t("common.counts.tasks", { count: state.data.length })}</dd>
            </div>
            <div className="fact">
              <dt className="fact-label">{t("miniapp.plan.active")}</dt>
              <dd className="fact-value">{state.data.filter((task) => task.status === "active").length}</dd>
            </div>
            <div className="fact">
              <dt className="fact-label">{t("miniapp.plan.booked")}</dt>
              <dd className="fact-value">
                {t("common.counts.bookings", { count: state.data.filter((task) => task.status === "booked").length })}
              </dd>
            </div>
          </dl>
        ) : state.status === "failed" ? (
          <p className="section section-text error-text">{state.message}</p>
        ) : (
          <SkeletonRows rows={3} />
        )}
      </section>
      <section className="group">
        <h2 className="section-header">{t("miniapp.plan.limitTitle")}</h2>
        <p className="section section-text placeholder-note" role="note">
          {t("miniapp.plan.placeholder")}
        </p>
      </section>
    </main>
  );
}
