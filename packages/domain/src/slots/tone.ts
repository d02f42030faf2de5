/**
 * How a calendar cell looks to a seller, the same in the bot's picture and the Mini App's heat-map:
 * closed (no acceptance, or not unloadable), free (×0), cheap (×1–×2), medium (×3–×5), dear (×6+).
 */
export type CellTone = "closed" | "free" | "cheap" | "medium" | "dear";

export function cellTone(coefficient: number, allowUnload: boolean): CellTone {
  if (!allowUnload || coefficient < 0) return "closed";
  if (coefficient === 0) return "free";
  if (coefficient <= 2) return "cheap";
  if (coefficient <= 5) return "medium";
  return "dear";
}

export const CELL_TONES: readonly CellTone[] = ["free", "cheap", "medium", "dear", "closed"];
