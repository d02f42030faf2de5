import type { SlotSource } from "./slot-source.ts";

/** Failed reads in a row after which a source counts as down (one 5xx is a blip). */
const DOWN_AFTER = 2;

/**
 * Watches a source's reads without changing them, to tell another source when it must step in:
 * the source is down while it has nothing to read with, or its last reads failed.
 */
export function watchSource(source: SlotSource): { source: SlotSource; down(): boolean } {
  let failuresInRow = 0;
  const watched: SlotSource = {
    name: source.name,
    nextReadAt: (now) => source.nextReadAt(now),
    async read(signal) {
      try {
        const result = await source.read(signal);
        failuresInRow = 0;
        return result;
      } catch (error) {
        if (!signal.aborted) failuresInRow += 1;
        throw error;
      }
    },
    health: () => source.health(),
  };
  return { source: watched, down: () => source.health().usableAccounts === 0 || failuresInRow >= DOWN_AFTER };
}
