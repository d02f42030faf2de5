import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import type { Task } from "../api.ts";
import { navigate } from "../navigation.ts";
import { useSession } from "../session.tsx";
import { formatDays, supplyName } from "../task-format.ts";
import { useLoad } from "../use-load.ts";
import { useWarehouseNames, warehouseName } from "../warehouse-names.ts";
import { LoadFailed } from "./load-failed.tsx";
import { SkeletonRows } from "./skeleton.tsx";
import { StatusBadge } from "./status-badge.tsx";

/** The organization's booking tasks, newest first; a row opens the task. */
export function TaskList({ version = 0 }: { version?: number }) {
  const { t } = useTranslation();
  const { api } = useSession();
  // `version` changes when a live event says the tasks changed: the list reloads.
  const { state, retry } = useLoad(useCallback(() => api.tasks(), [api, version]));
  return (
    <section className="group" aria-busy={state.status === "loading"}>
      <h2 className="section-header">{t("miniapp.home.tasks.title")}</h2>
      {state.status === "loading" ? (
        <SkeletonRows rows={2} />
      ) : state.status === "failed" ? (
        <LoadFailed message={state.message} onRetry={retry} />
      ) : state.data.length === 0 ? (
        <div className="section section-text">
          <p className="hint">{t("miniapp.home.tasks.empty")}</p>
          <button
            type="button"
            className="button button-inline"
            onClick={() => navigate({ name: "newTask", prefill: {} })}
          >
            {t("miniapp.home.newTask")}
          </button>
        </div>
      ) : (
        <Rows tasks={state.data} />
      )}
    </section>
  );
}

function Rows({ tasks }: { tasks: Task[] }) {
  const { t, i18n } = useTranslation();
  const names = useWarehouseNames(tasks.flatMap((task) => task.warehouseIds));
  return (
    <ul className="section list">
      {tasks.map((task) => {
        // The API guarantees one to twenty warehouses; the default only satisfies the type checker.
        const [first = 0, ...rest] = task.warehouseIds;
        const where = warehouseName(names, first, t);
        return (
          <li key={task.id}>
            <button type="button" className="row" onClick={() => navigate({ name: "task", id: task.id })}>
              <span className="row-title row-stack">
                <span className="row-main">
                  {rest.length > 0
                    ? t("miniapp.home.tasks.moreWarehouses", { name: where, count: rest.length })
                    : where}
                </span>
                {/* Dates first; the supply's number wraps rather than being cut. */}
                <span className="row-sub wrap">
                  {formatDays(task.dateFrom, task.dateTo, i18n.language)} · {supplyName(task.supply, t)}
                </span>
              </span>
              <StatusBadge status={task.status} />
              <span className="chevron" aria-hidden="true" />
            </button>
          </li>
        );
      })}
    </ul>
  );
}
