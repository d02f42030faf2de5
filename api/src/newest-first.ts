/**
 * Sets `key` as the newest entry of `map` (a `Map` keeps insertion order), and lets the oldest go
 * while there are more than `max`: the bound every in-process cache of this API keeps.
 */
export function setNewest<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  while (map.size > max) map.delete(map.keys().next().value as K);
}
