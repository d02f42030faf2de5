import { cellTone } from "@slotpilot/domain/slots/tone";
import { useCallback, useEffect } from "react";
import { useTranslation } from "react-i18next";
import type { CellState } from "../calendar-model.ts";
import { navigate } from "../navigation.ts";
import { useSession } from "../session.tsx";
import { boxTypeName, formatMoment } from "../task-format.ts";
import { useMainButton } from "../telegram/main-button.ts";
import { useLoad } from "../use-load.ts";

/**
 * One calendar cell, in a sheet over the calendar: its state now, when free slots tend to appear
 * at this warehouse (by Moscow hour and weekday, last 30 days), and — the MainButton — a task to
 * create from it.
 */
export function CellSheet({
  warehouse,
  date,
  boxTypeId,
  cell,
  onClose,
}: {
  warehouse: { id: number; name: string };
  date: string;
  boxTypeId: number;
  cell: CellState | undefined;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { api } = useSession();
  const stats = useLoad(useCallback(() => api.slotStats(warehouse.id, boxTypeId), [api, warehouse.id, boxTypeId]));
  useEffect(() => {
    const close = (e: KeyboardEvent) => e.key === "Escape" && onClose();
    window.addEventListener("keydown", close);
    return () => window.removeEventListener("keydown", close);
  }, [onClose]);
  // The sheet's one action is Telegram's MainButton, always in reach below it.
  useMainButton({
    text: t("miniapp.cell.createTask"),
    onClick: () => navigate({ name: "newTask", prefill: { warehouseId: warehouse.id, date, boxTypeId } }),
  });
  const tone = cell ? cellTone(cell.coefficient, cell.allowUnload) : "closed";
  const day = new Intl.DateTimeFormat(i18n.language, {
    weekday: "long",
    day: "numeric",
    month: "long",
    timeZone: "UTC",
  }).format(new Date(`${date}T00:00:00Z`));

  return (
    <div className="sheet-backdrop">
      <button type="button" className="sheet-dismiss" aria-label={t("miniapp.cell.close")} onClick={onClose} />
      <section
        className="sheet"
        role="dialog"
        aria-modal="true"
        aria-label={t("miniapp.cell.title", { name: warehouse.name })}
      >
        <span className="sheet-handle" aria-hidden="true" />
        <h2 className="sheet-title">{warehouse.name}</h2>
        <p className="hint">
          {day} · {boxTypeName(boxTypeId, t)}
        </p>
        <p className={`cell-state tone-${tone}`}>
          {tone === "closed"
            ? t("miniapp.cell.closed")
            : cell?.coefficient === 0
              ? t("miniapp.cell.free")
              : t("miniapp.cell.paid", { coefficient: cell?.coefficient })}
        </p>
        {cell ? (
          <p className="hint">
            {t("miniapp.cell.since", { time: formatMoment(new Date(cell.since).toISOString(), t, i18n.language) })}
          </p>
        ) : null}

        <h3 className="section-header">{t("miniapp.cell.historyTitle")}</h3>
        {stats.state.status === "loading" ? (
          <div className="skeleton skeleton-chart" aria-busy="true" />
        ) : stats.state.status === "failed" ? (
          <p className="error-text">{stats.state.message}</p>
        ) : stats.state.data.total === 0 ? (
          <p className="hint">{t("miniapp.cell.noHistory")}</p>
        ) : (
          <>
            <p className="hint">{t("miniapp.cell.total", { count: stats.state.data.total })}</p>
            <Bars values={stats.state.data.byHour} label={(i) => `${i}`} title={t("miniapp.cell.byHour")} />
            <Bars
              values={stats.state.data.byWeekday}
              label={(i) =>
                new Intl.DateTimeFormat(i18n.language, { weekday: "short", timeZone: "UTC" }).format(
                  new Date(Date.UTC(2024, 0, 1 + i)),
                )
              }
              title={t("miniapp.cell.byWeekday")}
            />
          </>
        )}
      </section>
    </div>
  );
}

function Bars({ values, label, title }: { values: number[]; label: (i: number) => string; title: string }) {
  const max = Math.max(1, ...values);
  return (
    <figure className="bars">
      <figcaption className="hint">{title}</figcaption>
      <div className="bars-row">
        {values.map((v, i) => (
          <div key={i} className="bar" title={`${label(i)}: ${v}`}>
            <span className="bar-fill" style={{ height: `${Math.round((v / max) * 100)}%` }} />
            {values.length <= 7 || i % 3 === 0 ? <span className="bar-label">{label(i)}</span> : null}
          </div>
        ))}
      </div>
    </figure>
  );
}
