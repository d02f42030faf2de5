import { type ReactNode, useCallback, useState } from "react";
import { useTranslation } from "react-i18next";
import { type Booking, messageOf, type Task, type TimelineEvent } from "../api.ts";
import { StatusBadge } from "../components/status-badge.tsx";
import { ErrorScreen, LoadingScreen } from "../components/status-screen.tsx";
import { TaskTimeline } from "../components/task-timeline.tsx";
import { useLiveEvents } from "../live/live.tsx";
import { goBack, navigate } from "../navigation.ts";
import { useSession } from "../session.tsx";
import {
  bookedSummary,
  boxTypeName,
  capName,
  costCapName,
  formatDayList,
  formatDays,
  formatMoment,
  reasonName,
  supplyName,
} from "../task-format.ts";
import { haptic } from "../telegram/feedback.ts";
import { useLoad } from "../use-load.ts";
import { useWarehouseNames, warehouseName } from "../warehouse-names.ts";

/** One booking task: what, where and when; edit, pause, resume, delete; its timeline with its bookings, live. */
export function TaskScreen({ id }: { id: number }) {
  const { api } = useSession();
  const [version, setVersion] = useState(0);
  useLiveEvents((event) => {
    const taskId = (event.data as { taskId?: unknown } | null)?.taskId;
    if (event.type === "resync" || taskId === id) setVersion((v) => v + 1);
  });
  const { state, retry } = useLoad(
    useCallback(() => Promise.all([api.task(id), api.taskEvents(id), api.taskBookings(id)]), [api, id, version]),
  );
  if (state.status === "loading") return <LoadingScreen />;
  if (state.status === "failed") {
    // Someone else's task is "not found" too: the API does not say whether it exists.
    if (state.code === "task.not_found") return <NotFound message={state.message} />;
    return <ErrorScreen message={state.message} onRetry={retry} />;
  }
  const [task, events, bookings] = state.data;
  return <TaskDetails task={task} events={events} bookings={bookings} onChanged={() => setVersion((v) => v + 1)} />;
}

function TaskDetails({
  task,
  events,
  bookings,
  onChanged,
}: {
  task: Task;
  events: TimelineEvent[];
  bookings: Booking[];
  onChanged: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { api } = useSession();
  const locale = i18n.language;
  const names = useWarehouseNames([
    ...task.warehouseIds,
    ...bookings.map((b) => b.warehouseId),
    ...(task.planned ? [task.planned.warehouseId] : []),
  ]);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);

  const act = async (action: () => Promise<unknown>, after: () => void) => {
    setBusy(true);
    setProblem(null);
    try {
      await action();
      haptic.success();
      after();
    } catch (error) {
      haptic.error();
      setProblem(messageOf(error));
    } finally {
      setBusy(false);
    }
  };
  const live = task.status === "active" || task.status === "paused";
  // Booked: where and when, first — the search criteria below are history now.
  const booked = bookedSummary(task, bookings, (id) => warehouseName(names, id, t), t, locale);

  return (
    <main className="screen">
      <header className="screen-header">
        <h1 className="screen-title">{t("miniapp.task.title", { id: task.id })}</h1>
        <StatusBadge status={task.status} />
      </header>
      {booked ? <p className="section section-text booked-summary">{booked}</p> : null}
      {task.statusReason ? (
        <p className="section section-text hint">
          {t("miniapp.task.reason", { reason: reasonName(task.statusReason, t) })}
        </p>
      ) : null}

      <section className="group">
        <h2 className="section-header">{t("miniapp.task.supplySection")}</h2>
        <dl className="section facts">
          <Fact label={t("miniapp.task.supply")}>{supplyName(task.supply, t)}</Fact>
          <Fact label={t("miniapp.task.boxType")}>{boxTypeName(task.boxTypeId, t)}</Fact>
          <Fact label={t("miniapp.task.mode")}>
            {task.mode === "book" && task.dryRun
              ? t("miniapp.task.modes.dryRun")
              : t(`miniapp.task.modes.${task.mode}`)}
          </Fact>
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
          {task.mode === "book" ? (
            <Fact label={t("miniapp.task.costCap")}>{costCapName(task.maxCostRub, t, locale)}</Fact>
          ) : null}
          {task.mode === "book" && !task.dryRun ? (
            <Fact label={t("miniapp.task.replan")}>
              {t(task.replan ? "miniapp.task.replanOn" : "miniapp.task.replanOff")}
            </Fact>
          ) : null}
          <Fact label={t("miniapp.task.deadline")}>
            {task.deadline ? formatMoment(task.deadline, t, locale) : t("miniapp.task.noDeadline")}
          </Fact>
        </dl>
      </section>

      {problem ? (
        <p className="section section-text error-text" role="alert">
          {problem}
        </p>
      ) : null}
      <section className="section list">
        {live ? (
          <button type="button" className="row row-action" onClick={() => navigate({ name: "editTask", id: task.id })}>
            {t("miniapp.task.actions.edit")}
          </button>
        ) : null}
        {live ? (
          <button
            type="button"
            className="row row-action"
            disabled={busy}
            onClick={() =>
              void act(
                () => api.updateTask(task.id, { status: task.status === "active" ? "paused" : "active" }),
                onChanged,
              )
            }
          >
            {task.status === "active" ? t("miniapp.task.actions.pause") : t("miniapp.task.actions.resume")}
          </button>
        ) : null}
        {confirmDelete ? (
          <button
            type="button"
            className="row row-action row-destructive"
            disabled={busy}
            onClick={() =>
              void act(
                () => api.deleteTask(task.id),
                () => navigate({ name: "home" }, { replace: true }),
              )
            }
          >
            {t("miniapp.task.actions.deleteConfirm", { id: task.id })}
          </button>
        ) : (
          <button type="button" className="row row-action row-destructive" onClick={() => setConfirmDelete(true)}>
            {t("miniapp.task.actions.delete")}
          </button>
        )}
      </section>

      <section className="group">
        <h2 className="section-header">{t("miniapp.task.timeline")}</h2>
        <TaskTimeline events={events} bookings={bookings} names={names} />
      </section>
    </main>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="fact">
      <dt className="fact-label">{label}</dt>
      <dd className="fact-value">{children}</dd>
    </div>
  );
}

function NotFound({ message }: { message: string }) {
  const { t } = useTranslation();
  return (
    <main className="status-screen" role="alert">
      <span className="status-icon muted" aria-hidden="true">
        ?
      </span>
      <h1 className="status-title">{t("miniapp.task.notFound.title")}</h1>
      <p className="hint">{message}</p>
      <button type="button" className="button" onClick={goBack}>
        {t("miniapp.task.notFound.back")}
      </button>
    </main>
  );
}
