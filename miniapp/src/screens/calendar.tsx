import { cellTone } from "@slotpilot/domain/slots/tone";
import { useCallback, useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { applyChanges, buildCalendar, type CalendarModel, cellId, isCheapOpen } from "../calendar-model.ts";
import { LoadFailed } from "../components/load-failed.tsx";
import { SkeletonRows } from "../components/skeleton.tsx";
import { useLiveEvents } from "../live/live.tsx";
import { useSession } from "../session.tsx";
import { boxTypeName } from "../task-format.ts";
import { haptic } from "../telegram/feedback.ts";
import { useLoad } from "../use-load.ts";
import { CellSheet } from "./cell-sheet.tsx";

const BOX_TYPES = [2, 5, 6, 0] as const;

/**
 * The slot calendar: warehouses down, the next 14 days across, each cell coloured by its
 * coefficient, for one box type. Search by name; favourites (★) first, then the warehouses with
 * the most cheap open cells. Cells change live; a tap opens the cell's history and a way to create
 * a task from it.
 */
export function CalendarScreen() {
  const { t, i18n } = useTranslation();
  const { api } = useSession();
  const [boxTypeId, setBoxTypeId] = useState<number>(2);
  const [search, setSearch] = useState("");
  const [reload, setReload] = useState(0);
  const [model, setModel] = useState<CalendarModel | null>(null);
  const [favourites, setFavourites] = useState<number[]>([]);
  const [selected, setSelected] = useState<{ warehouseId: number; date: string } | null>(null);
  const loaded = useLoad(
    useCallback(() => Promise.all([api.slots({ boxTypeId }), api.favourites()]), [api, boxTypeId, reload]),
  );
  useEffect(() => {
    if (loaded.state.status !== "ready") return;
    const [body, favs] = loaded.state.data;
    setModel(buildCalendar(body, boxTypeId, (id) => t("miniapp.task.warehouseNumber", { id })));
    setFavourites(favs);
  }, [loaded.state, boxTypeId, t]);

  useLiveEvents((event) => {
    if (event.type === "resync") setReload((n) => n + 1);
    if (event.type !== "slots.changed") return;
    const changes = (event.data as { changes?: unknown }).changes;
    if (!Array.isArray(changes)) return;
    setModel((current) => (current ? applyChanges(current, changes, Date.now()) : current));
  });

  const rows = useMemo(() => {
    if (!model) return [];
    const query = search.trim().toLowerCase();
    const open = (id: number) => model.days.filter((d) => isCheapOpen(model.cells.get(cellId(id, d)))).length;
    return model.warehouses
      .filter((w) => !query || w.name.toLowerCase().includes(query))
      .map((w) => ({ ...w, favourite: favourites.includes(w.id), open: open(w.id) }))
      .sort((a, b) => Number(b.favourite) - Number(a.favourite) || b.open - a.open || a.name.localeCompare(b.name));
  }, [model, search, favourites]);

  const toggleFavourite = async (id: number) => {
    haptic.select();
    const next = favourites.includes(id) ? favourites.filter((f) => f !== id) : [...favourites, id];
    setFavourites(next);
    try {
      setFavourites(await api.setFavourites(next));
    } catch {
      haptic.error();
      setFavourites(favourites);
    }
  };

  const weekday = new Intl.DateTimeFormat(i18n.language, { weekday: "short", timeZone: "UTC" });
  return (
    <main className="screen screen-wide">
      <h1 className="screen-title">{t("miniapp.calendar.title")}</h1>
      <fieldset className="segmented">
        <legend className="sr-only">{t("miniapp.calendar.boxType")}</legend>
        {BOX_TYPES.map((id) => (
          <button
            key={id}
            type="button"
            aria-pressed={boxTypeId === id}
            className={boxTypeId === id ? "segment segment-on" : "segment"}
            onClick={() => {
              haptic.select();
              setBoxTypeId(id);
            }}
          >
            {boxTypeName(id, t)}
          </button>
        ))}
      </fieldset>
      <input
        type="search"
        className="input"
        placeholder={t("miniapp.calendar.search")}
        aria-label={t("miniapp.calendar.search")}
        value={search}
        onChange={(e) => setSearch(e.target.value)}
      />
      <Legend />
      {loaded.state.status === "failed" ? (
        <LoadFailed message={loaded.state.message} onRetry={loaded.retry} />
      ) : !model ? (
        <SkeletonRows rows={6} />
      ) : rows.length === 0 ? (
        <p className="section section-text hint">
          {search ? t("miniapp.calendar.nothingFound", { search }) : t("miniapp.calendar.empty")}
        </p>
      ) : (
        <div className="heatmap-scroll">
          <table className="heatmap" aria-label={t("miniapp.calendar.title")}>
            <thead>
              <tr>
                <th className="heatmap-corner" scope="col">
                  {t("miniapp.calendar.warehouse")}
                </th>
                {model.days.map((day) => {
                  const date = new Date(`${day}T00:00:00Z`);
                  return (
                    <th key={day} scope="col" className="heatmap-day">
                      <span className="heatmap-daynum">{date.getUTCDate()}</span>
                      <span className="heatmap-weekday">{weekday.format(date)}</span>
                    </th>
                  );
                })}
              </tr>
            </thead>
            <tbody>
              {rows.map((w) => (
                <tr key={w.id}>
                  <th scope="row" className="heatmap-name">
                    <button
                      type="button"
                      className={w.favourite ? "star star-on" : "star"}
                      aria-pressed={w.favourite}
                      aria-label={t(w.favourite ? "miniapp.calendar.unfavourite" : "miniapp.calendar.favourite", {
                        name: w.name,
                      })}
                      onClick={() => void toggleFavourite(w.id)}
                    >
                      ★
                    </button>
                    <span className="heatmap-label">{w.name}</span>
                  </th>
                  {model.days.map((day) => {
                    const cell = model.cells.get(cellId(w.id, day));
                    const tone = cell ? cellTone(cell.coefficient, cell.allowUnload) : "closed";
                    const label = cell && tone !== "closed" ? `×${cell.coefficient}` : "";
                    return (
                      <td key={day}>
                        <button
                          type="button"
                          className={`cell tone-${tone}`}
                          data-cell={`${w.id}:${day}`}
                          aria-label={t("miniapp.calendar.cellLabel", {
                            name: w.name,
                            date: day,
                            state: cell && tone !== "closed" ? label : t("miniapp.calendar.closed"),
                          })}
                          onClick={() => {
                            haptic.select();
                            setSelected({ warehouseId: w.id, date: day });
                          }}
                        >
                          {label}
                        </button>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {selected && model ? (
        <CellSheet
          warehouse={
            model.warehouses.find((w) => w.id === selected.warehouseId) ?? { id: selected.warehouseId, name: "" }
          }
          date={selected.date}
          boxTypeId={boxTypeId}
          cell={model.cells.get(cellId(selected.warehouseId, selected.date))}
          onClose={() => setSelected(null)}
        />
      ) : null}
    </main>
  );
}

function Legend() {
  const { t } = useTranslation();
  return (
    <ul className="legend" aria-label={t("miniapp.calendar.legendTitle")}>
      {(["free", "cheap", "medium", "dear", "closed"] as const).map((tone) => (
        <li key={tone}>
          <span className={`legend-swatch tone-${tone}`} aria-hidden="true" />
          {t(`miniapp.calendar.legend.${tone}`)}
        </li>
      ))}
    </ul>
  );
}
