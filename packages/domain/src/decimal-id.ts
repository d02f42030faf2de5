/**
 * An id as people and URLs write it: plain decimal digits, no leading zero, at most 16 of them.
 * `0x1`, `1e0`, `+1`, `01`, `1.0` and ` 1` are not ids, though `Number()` reads each as one.
 */
export const DECIMAL_ID = /^[1-9]\d{0,15}$/;

/** The id `text` writes, or null when it is not plain decimal digits (or past a safe integer). */
export function parseDecimalId(text: string): number | null {
  if (!DECIMAL_ID.test(text)) return null;
  const id = Number(text);
  return Number.isSafeInteger(id) ? id : null;
}
