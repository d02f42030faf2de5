import type { TFunction } from "i18next";
import { useEffect, useState } from "react";
import { useSession } from "./session.tsx";

/** The calendar answers for at most this many warehouses at once. */
const MAX_IDS = 200;

/**
 * Names for these warehouses, filled in once the slot calendar answers. Names are a nicety: while
 * they load, or if the call fails, screens show warehouse numbers instead of an error.
 */
export function useWarehouseNames(ids: readonly number[]): ReadonlyMap<number, string> {
  const { api } = useSession();
  const [names, setNames] = useState<ReadonlyMap<number, string>>(() => new Map());
  // A string, so a new array with the same ids does not ask again.
  const key = [...new Set(ids)]
    .sort((a, b) => a - b)
    .slice(0, MAX_IDS)
    .join(",");

  useEffect(() => {
    if (key === "") return undefined;
    let current = true;
    api.warehouses(key.split(",").map(Number)).then(
      (warehouses) => {
        if (!current) return;
        setNames(new Map(warehouses.flatMap((w) => (w.name ? [[w.id, w.name] as const] : []))));
      },
      (error: unknown) => console.warn("Warehouse names unavailable", error),
    );
    return () => {
      current = false;
    };
  }, [api, key]);

  return names;
}

export function warehouseName(names: ReadonlyMap<number, string>, id: number, t: TFunction): string {
  return names.get(id) ?? t("miniapp.task.warehouseNumber", { id });
}
