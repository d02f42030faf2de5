import { useTranslation } from "react-i18next";
import type { TaskStatus } from "../api.ts";

/** A task's status as a coloured pill; the colour only repeats what the word says. */
export function StatusBadge({ status }: { status: TaskStatus }) {
  const { t } = useTranslation();
  return <span className={`badge badge-${status}`}>{t(`miniapp.task.statuses.${status}`)}</span>;
}
