import { useCallback, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Task } from "../api.ts";
import { ErrorScreen, LoadingScreen } from "../components/status-screen.tsx";
import { navigate } from "../navigation.ts";
import { useSession } from "../session.tsx";
import { taskPatch, valuesOfTask } from "../task-form-model.ts";
import { supplyName } from "../task-format.ts";
import { useMainButton } from "../telegram/main-button.ts";
import { useLoad } from "../use-load.ts";
import { DateFields } from "./task-form-dates.tsx";
import { PriceAndModeFields } from "./task-form-price.tsx";
import { useTaskForm } from "./use-task-form.ts";

/** Editing a task: its dates, skipped days, caps and mode — as the bot's edit; its supply stays. */
export function TaskEditScreen({ id }: { id: number }) {
  const { api } = useSession();
  const { state, retry } = useLoad(useCallback(() => api.task(id), [api, id]));
  if (state.status === "loading") return <LoadingScreen />;
  if (state.status === "failed") return <ErrorScreen message={state.message} onRetry={retry} />;
  return <TaskEditForm task={state.data} />;
}

function TaskEditForm({ task }: { task: Task }) {
  const { t } = useTranslation();
  const { api } = useSession();
  const [before] = useState(() => valuesOfTask(task));
  const { values, change, dirty, saving, errors, send } = useTaskForm(before);
  const save = () =>
    send(taskPatch(values, before, { costCapInvalid: t("miniapp.form.maxCostRubInvalid") }), async (body) => {
      if (Object.keys(body).length > 0) await api.updateTask(task.id, body);
      navigate({ name: "task", id: task.id }, { replace: true });
    });

  useMainButton({ text: t("miniapp.form.save"), visible: dirty, loading: saving, onClick: () => void save() });

  return (
    <main className="screen">
      <h1 className="screen-title">{t("miniapp.form.editTitle", { id: task.id })}</h1>
      <p className="section section-text hint">{supplyName(task.supply, t)}</p>
      {errors.general ? (
        <p className="section section-text error-text" role="alert">
          {errors.general}
        </p>
      ) : null}
      <DateFields values={values} errors={errors.byField} change={change} />
      <PriceAndModeFields values={values} errors={errors.byField} change={change} />
    </main>
  );
}
