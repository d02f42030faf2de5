import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import type { Task } from "../api.ts";
import { Fact } from "../components/fact.tsx";
import { StatusBadge } from "../components/status-badge.tsx";
import { ErrorScreen, LoadingScreen, NotFoundScreen } from "../components/status-screen.tsx";
import { useSession } from "../session.tsx";
import { boxTypeName, capName, formatDayList, formatDays, formatMoment, supplyName } from "../task-format.ts";
import { useLoad } from "../use-load.ts";
import { useWarehouseNames, warehouseName } from "../warehouse-names.ts";

/** One booking task, as a slot alert's "Open task" button shows it. */
export function TaskScreen({ id }: { id: number }) {
  const { t } = useTranslation();
  const { api } = useSession();
  const { state, retry } = useLoad(useCallback(() => api.task(id), [api, id]));
  if (state.status === "loading") return <LoadingScreen />;
  if (state.status === "failed") {
    // Someone else's task is "not found" too: the API does not say whether it exists.
    if (state.code === "task.not_found")
      return <NotFoundScreen title={t("miniapp.task.notFound.title")} message={state.message} />;
    return <ErrorScreen message={state.message} onRetry={retry} />;
  }
  return <TaskDetails task={state.data} />;
}

function TaskDetails({ task }: { task: Task }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const names = useWarehouseNames(task.warehouseIds);
  return (
    <main className="screen">
      <header className="screen-header">
        <h1 className="screen-title">{t("miniapp.task.title", { id: task.id })}</h1>
        <StatusBadge status={task.status} />
      </header>
      {task.statusReason ? (
        <p className="section section-text hint">{t("miniapp.task.reason", { reason: task.statusReason })}</p>
      ) : null}

      <section className="group">
        <h2 className="section-header">{t("miniapp.task.supplySection")}</h2>
        <dl className="section facts">
          <Fact label={t("miniapp.task.supply")}>{supplyName(task.supply, t)}</Fact>
          <Fact label={t("miniapp.task.boxType")}>{boxTypeName(task.boxTypeId, t)}</Fact>
          <Fact label={t("miniapp.task.mode")}>{t(`miniapp.task.modes.${task.mode}`)}</Fact>
        </dl>
      </section>

      <section className="group">
        <h2 className="section-header">{t("miniapp.task.scheduleSection")}</h2>
        <dl className="section facts">
          <Fact label={t("miniapp.task.warehouses")}>
            {/* Ranked: the booker tries them in this order. */}
            {task.warehouseIds.map((id) => (
              <span key={id} className="fact-line">
                {warehouseName(names, id, t)}
              </span>
            ))}
          </Fact>
          <Fact label={t("miniapp.task.dates")}>{formatDays(task.dateFrom, task.dateTo, locale)}</Fact>
          {task.skipDates.length > 0 ? (
            <Fact label={t("miniapp.task.skipDates")}>{formatDayList(task.skipDates, locale)}</Fact>
          ) : null}
          <Fact label={t("miniapp.task.cap")}>{capName(task.maxCoefficient, t)}</Fact>
          <Fact label={t("miniapp.task.deadline")}>
            {task.deadline ? formatMoment(task.deadline, locale) : t("miniapp.task.noDeadline")}
          </Fact>
        </dl>
      </section>
    </main>
  );
}
