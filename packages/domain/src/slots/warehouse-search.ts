/** Case and ё folded away, as people type a warehouse's name: «коледино» finds «Коледино». */
const fold = (text: string) => text.toLowerCase().replaceAll("ё", "е");

/**
 * Warehouses whose name contains `search` in any case (a Russian name typed in lower case too —
 * the database's own case folding may know only ASCII), keeping the caller's order with the
 * favourites first, then names that start with the search, then the rest. No search: all of them.
 */
export function searchWarehouses<T extends { name: string; favourite: boolean }>(
  warehouses: readonly T[],
  search: string,
): T[] {
  const wanted = fold(search.trim());
  if (!wanted) return [...warehouses];
  const rank = (w: T) => (w.favourite ? 0 : fold(w.name).startsWith(wanted) ? 1 : 2);
  return warehouses.filter((w) => fold(w.name).includes(wanted)).sort((a, b) => rank(a) - rank(b));
}
