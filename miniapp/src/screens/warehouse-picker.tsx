import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { WarehouseHit } from "../api.ts";
import { useSession } from "../session.tsx";
import { haptic } from "../telegram/feedback.ts";

/**
 * A draft's warehouses, ranked: type to search (favourites come first), tap to add; the chosen
 * ones are numbered in the order the booker tries them, and can be moved up or removed.
 */
export function WarehousePicker({ value, onChange }: { value: number[]; onChange: (ids: number[]) => void }) {
  const { t } = useTranslation();
  const { api } = useSession();
  const [search, setSearch] = useState("");
  const [hits, setHits] = useState<WarehouseHit[]>([]);
  const [names, setNames] = useState<Map<number, string>>(new Map());

  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      api.searchWarehouses(search.trim()).then(
        (found) => {
          if (!current) return;
          setHits(found);
          setNames((n) => new Map([...n, ...found.map((w) => [w.id, w.name] as const)]));
        },
        () => {},
      );
    }, 200);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, search]);

  const move = (i: number) => {
    if (i === 0) return;
    const next = [...value];
    [next[i - 1], next[i]] = [next[i] as number, next[i - 1] as number];
    onChange(next);
  };

  return (
    <div className="picker">
      {value.length > 0 ? (
        <ol className="section list">
          {value.map((id, i) => (
            <li key={id} className="row">
              <span className="rank">{i + 1}</span>
              <span className="row-title">{names.get(id) ?? t("miniapp.task.warehouseNumber", { id })}</span>
              {i > 0 ? (
                <button
                  type="button"
                  className="icon-button"
                  aria-label={t("miniapp.form.moveUp")}
                  onClick={() => move(i)}
                >
                  ↑
                </button>
              ) : null}
              <button
                type="button"
                className="icon-button"
                aria-label={t("miniapp.form.remove")}
                onClick={() => onChange(value.filter((v) => v !== id))}
              >
                ✕
              </button>
            </li>
          ))}
        </ol>
      ) : null}
      <input
        type="search"
        className="input"
        placeholder={t("miniapp.calendar.search")}
        value={search}
        onChange={(e) => setSearch(e.target.value)}
      />
      <div className="chips">
        {hits
          .filter((w) => !value.includes(w.id))
          .slice(0, 12)
          .map((w) => (
            <button
              key={w.id}
              type="button"
              className="chip"
              onClick={() => {
                haptic.select();
                onChange([...value, w.id]);
              }}
            >
              {w.favourite ? "★ " : ""}
              {w.name}
            </button>
          ))}
      </div>
    </div>
  );
}
