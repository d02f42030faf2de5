import type { CoefficientRow } from "./schemas.ts";

/**
 * The coefficients feed checked as `coefficientRow` (schemas.ts) describes it, by hand: the feed is
 * read every 10 s / N with ~5,800 rows, and the schema library spent ~25 ms a read on it, more than
 * the monitor's whole diff and match. Rows are checked in place and returned as they are (fields
 * beyond WB's are kept, not stripped). `coefficient-rows.test.ts` holds it to the schema.
 */
export const coefficientRows = { safeParse: parseCoefficientRows };

type Parsed = { success: true; data: CoefficientRow[] } | { success: false; error: { message: string } };

const TARIFFS = [
  "storageCoef",
  "deliveryCoef",
  "deliveryBaseLiter",
  "deliveryAdditionalLiter",
  "storageBaseLiter",
  "storageAdditionalLiter",
] as const;

function parseCoefficientRows(value: unknown): Parsed {
  if (!Array.isArray(value)) return { success: false, error: { message: "expected an array" } };
  for (let i = 0; i < value.length; i++) {
    const problem = rowProblem(value[i]);
    if (problem) return { success: false, error: { message: `[${i}].${problem}` } };
  }
  return { success: true, data: value as CoefficientRow[] };
}

const optional = (value: unknown, type: "string" | "boolean") => value === undefined || typeof value === type;
const integer = (value: unknown) => typeof value === "number" && Number.isSafeInteger(value);

function rowProblem(row: unknown): string | undefined {
  if (typeof row !== "object" || row === null || Array.isArray(row)) return "row: expected an object";
  const r = row as Record<string, unknown>;
  if (typeof r.date !== "string") return "date: expected a string";
  if (typeof r.coefficient !== "number" || !Number.isFinite(r.coefficient)) return "coefficient: expected a number";
  if (!integer(r.warehouseID)) return "warehouseID: expected an integer";
  if (typeof r.warehouseName !== "string") return "warehouseName: expected a string";
  if (typeof r.allowUnload !== "boolean") return "allowUnload: expected a boolean";
  if (r.boxTypeID !== undefined && !integer(r.boxTypeID)) return "boxTypeID: expected an integer";
  if (!optional(r.boxTypeName, "string")) return "boxTypeName: expected a string";
  for (const key of TARIFFS) {
    const v = r[key];
    if (v !== undefined && v !== null && typeof v !== "string") return `${key}: expected a string or null`;
  }
  if (!optional(r.isSortingCenter, "boolean")) return "isSortingCenter: expected a boolean";
  return undefined;
}
