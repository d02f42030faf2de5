import { lastTaskDay, MAX_TASK_DAYS } from "@slotpilot/domain/tasks/horizon";
import type { FieldProblem, Task, TaskInput, TaskPatch } from "./api.ts";

/** The task form's values, as strings and lists the inputs hold. */
export interface TaskFormValues {
  cabinetId: number | null;
  /** `p:<preorderId>` or `d:<draftId>`. */
  supply: string | null;
  /** A draft's ranked warehouses. */
  warehouseIds: number[];
  boxTypeId: number;
  dateFrom: string;
  dateTo: string;
  skipDates: string[];
  maxCoefficient: string;
  /** The ruble cap as typed; empty: no cap. */
  maxCostRub: string;
  mode: "book" | "alert";
  /** A book task's dry run: up to WB's final confirmation, nothing booked. */
  dryRun: boolean;
  /** After booking at a paid coefficient, move the supply to a cheaper or earlier day (a Pro feature). */
  replan: boolean;
}

/** Form fields a server error can be shown beside. */
export type FormField =
  | "cabinet"
  | "supply"
  | "warehouses"
  | "boxType"
  | "dateFrom"
  | "dateTo"
  | "skipDates"
  | "maxCoefficient"
  | "maxCostRub"
  | "mode"
  | "dryRun"
  | "replan";

/** The API's field path → the form field it belongs beside. */
function fieldOf(path: string): FormField | undefined {
  if (path === "cabinetId") return "cabinet";
  if (path.startsWith("supply.warehouseIds")) return "warehouses";
  if (path.startsWith("supply")) return "supply";
  if (path === "boxTypeId") return "boxType";
  if (path.startsWith("skipDates")) return "skipDates";
  const direct: readonly FormField[] = [
    "dateFrom",
    "dateTo",
    "maxCoefficient",
    "maxCostRub",
    "mode",
    "dryRun",
    "replan",
  ];
  if ((direct as readonly string[]).includes(path)) return path as FormField;
  return undefined;
}

/** A rule the API checks after validation (dates, the supply…) → the field it is about. */
const CODE_FIELDS: Record<string, FormField> = {
  "task.date_in_past": "dateFrom",
  "task.date_order": "dateTo",
  "task.date_too_far": "dateTo",
  "task.range_too_long": "dateTo",
  "task.skip_outside_range": "skipDates",
  "task.every_day_skipped": "skipDates",
  "task.unknown_warehouse": "warehouses",
  "task.unknown_box_type": "boxType",
  "task.box_type_mismatch": "boxType",
  "task.supply_not_found": "supply",
  "task.supply_taken": "supply",
  "cabinet.not_found": "cabinet",
  // The only plan feature the form can ask for.
  "plan.feature_required": "replan",
};

/**
 * Where to show an API refusal: each field problem beside its field; a rule's refusal beside the
 * field it concerns; anything else (WB unreachable…) at the top of the form.
 */
export function placeErrors(
  code: string,
  message: string,
  fields: readonly FieldProblem[],
): { byField: Partial<Record<FormField, string>>; general: string | null } {
  const byField: Partial<Record<FormField, string>> = {};
  const loose: string[] = [];
  for (const f of fields) {
    const field = fieldOf(f.field);
    if (field) byField[field] ??= f.message;
    else loose.push(f.message);
  }
  if (fields.length === 0) {
    const field = CODE_FIELDS[code];
    if (field) byField[field] = message;
    else loose.push(message);
  }
  return { byField, general: loose.length > 0 ? loose.join(" ") : null };
}

const DAY_MS = 86_400_000;
export const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

/** Today in Moscow, WB's calendar day. */
export const moscowToday = () => new Date(Date.now() + 3 * 3_600_000).toISOString().slice(0, 10);

export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  if (!from || !to || from > to) return out;
  for (let d = from; d <= to && out.length < 62; d = addDays(d, 1)) out.push(d);
  return out;
}

/**
 * The days a seller may skip, by month (`YYYY-MM`), for a range the API would take: none while the
 * range is not one (its ends in the wrong order, in the past, past the horizon, longer than a task
 * may watch) — the date fields say what is wrong, and a wall of days would only hide it.
 */
export function skipDayMonths(from: string, to: string, today: string): { month: string; days: string[] }[] {
  const range = daysBetween(from, to);
  if (range.length < 2 || range.length > MAX_TASK_DAYS || from < today || to > lastTaskDay(today)) return [];
  const months: { month: string; days: string[] }[] = [];
  for (const day of range) {
    const month = day.slice(0, 7);
    const last = months.at(-1);
    if (last?.month === month) last.days.push(day);
    else months.push({ month, days: [day] });
  }
  return months;
}

/**
 * A ruble cap as typed: "5000", "5 000 ₽" → 5000; empty → null (no cap); a number the API will
 * judge (a negative one, a fraction) as it is; anything else → undefined, which is not a sum at all.
 */
export function parseCostCap(text: string): number | null | undefined {
  const bare = text.replace(/[\s\u00a0\u202f]+/gu, "").replace(/(₽|руб\.?|р\.?)$/u, "");
  if (bare === "") return null;
  return /^-?\d+([.,]\d+)?$/.test(bare) ? Number(bare.replace(",", ".")) : undefined;
}

/** What the form's own checks found wrong, beside the fields. */
export type FormProblems = { ok: false; byField: Partial<Record<FormField, string>> };

/**
 * The fields a task is hunted by — dates, skipped days, the caps, the mode — as the API takes them
 * on creating a task and on editing one; or what is wrong that only the form can tell (a ruble cap
 * that is not a number).
 */
function huntFields(
  values: TaskFormValues,
  messages: { costCapInvalid: string },
): { ok: true; fields: Required<TaskPatchFields> } | FormProblems {
  // An alert pays nothing: whatever was typed in the (hidden) cap before the mode changed is no cap.
  const maxCostRub = values.mode === "alert" ? null : parseCostCap(values.maxCostRub);
  if (maxCostRub === undefined) return { ok: false, byField: { maxCostRub: messages.costCapInvalid } };
  const range = daysBetween(values.dateFrom, values.dateTo);
  return {
    ok: true,
    fields: {
      dateFrom: values.dateFrom,
      dateTo: values.dateTo,
      skipDates: values.skipDates.filter((d) => range.includes(d)),
      // Sent as typed: the API says what is wrong with it, beside the field.
      maxCoefficient: values.maxCoefficient.trim() === "" ? Number.NaN : Number(values.maxCoefficient),
      maxCostRub,
      mode: values.mode,
      dryRun: values.mode === "book" && values.dryRun,
      // A dry run books nothing, so there is nothing to move.
      replan: values.mode === "book" && !values.dryRun && values.replan,
    },
  };
}

type TaskPatchFields = Pick<
  TaskPatch,
  "dateFrom" | "dateTo" | "skipDates" | "maxCoefficient" | "maxCostRub" | "mode" | "dryRun" | "replan"
>;

/**
 * The request the form sends (`POST /api/tasks`), or what is wrong that only the form can tell (no
 * supply chosen, a ruble cap that is not a number); the API judges everything else, and its
 * refusal is placed by `placeErrors`. `messages` words the form's own problems.
 */
export function taskRequest(
  values: TaskFormValues,
  messages: { chooseSupply: string; costCapInvalid: string },
): { ok: true; body: TaskInput } | FormProblems {
  if (values.cabinetId === null || values.supply === null) {
    return { ok: false, byField: { supply: messages.chooseSupply } };
  }
  const hunt = huntFields(values, messages);
  if (!hunt.ok) return hunt;
  const isDraft = values.supply.startsWith("d:");
  const body: TaskInput = {
    cabinetId: values.cabinetId,
    supply: isDraft
      ? { kind: "draft", draftId: values.supply.slice(2), warehouseIds: values.warehouseIds }
      : { kind: "preorder", preorderId: Number(values.supply.slice(2)) },
    ...(isDraft ? { boxTypeId: values.boxTypeId } : {}),
    ...hunt.fields,
  };
  return { ok: true, body };
}

/**
 * An edit of a task (`PATCH /api/tasks/:id`): what changed against the task as it was loaded — its
 * supply and cabinet stay; a field left alone is not sent (a first day already past stays as it is).
 */
export function taskPatch(
  values: TaskFormValues,
  before: TaskFormValues,
  messages: { costCapInvalid: string },
): { ok: true; body: TaskPatch } | FormProblems {
  const now = huntFields(values, messages);
  if (!now.ok) return now;
  const was = huntFields(before, messages);
  const body: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(now.fields)) {
    const old = was.ok ? (was.fields as Record<string, unknown>)[key] : undefined;
    if (JSON.stringify(value) !== JSON.stringify(old)) body[key] = value;
  }
  return { ok: true, body: body as TaskPatch };
}

/** A task as the form shows it for editing. */
export function valuesOfTask(task: Task): TaskFormValues {
  return {
    cabinetId: task.cabinetId,
    supply: null,
    warehouseIds: [],
    boxTypeId: task.boxTypeId,
    dateFrom: task.dateFrom,
    dateTo: task.dateTo,
    skipDates: [...task.skipDates],
    maxCoefficient: String(task.maxCoefficient),
    maxCostRub: task.maxCostRub === null ? "" : String(task.maxCostRub),
    mode: task.mode,
    dryRun: task.dryRun,
    replan: task.replan,
  };
}
