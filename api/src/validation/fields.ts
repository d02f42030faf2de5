import { DAY_FORMAT, DECIMAL_ID, hasControlChars, isCalendarDay } from "@slotpilot/domain";
import { z } from "zod";
import { rule } from "./field-errors.ts";

/**
 * Field schemas shared by the routes. Each matches the column it ends up in, so whatever passes
 * validation can be stored: PostgreSQL's `integer` stops at 2^31 − 1 and its `text` cannot hold NUL.
 */

export const MAX_INT4 = 2_147_483_647;

/** One line of text a user typed (a name, an id of theirs): trimmed, bounded, no control characters. */
export const line = (max: number, min = 1) =>
  z
    .string()
    .trim()
    .min(min)
    .max(max)
    .refine((v) => !hasControlChars(v), rule("no_control_chars"));

/** Free text that may span lines (a reason, a note). */
export const freeText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    // Tab and line breaks are fine in free text; NUL and other controls are not.
    .refine((v) => !hasControlChars(v, { keepBreaks: true }), rule("no_control_chars"));

/** A WB warehouse id: a positive `integer` column. */
export const warehouseId = z.number().int().min(1).max(MAX_INT4);

/** One of our `bigint` identity ids inside a JSON body. */
export const rowId = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

/**
 * A `YYYY-MM-DD` calendar day that exists: one written otherwise is `calendar_day`, one written
 * right that no calendar has (2026-02-30) is `no_such_day`.
 */
export const calendarDay = z
  .string()
  .regex(DAY_FORMAT, { ...rule("calendar_day"), abort: true })
  .refine(isCalendarDay, rule("no_such_day"));

/**
 * An id in a path: plain decimal digits only. `0x1`, `1e0`, `+1`, `01` and ` 1` are not ids, so
 * they can never resolve to row 1.
 */
export const idParam = z.object({
  id: z
    .string()
    .regex(DECIMAL_ID, rule("decimal_id"))
    .transform(Number)
    .refine(Number.isSafeInteger, rule("decimal_id")),
});
