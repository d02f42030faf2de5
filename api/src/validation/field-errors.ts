import { AppError, type FieldIssue } from "@slotpilot/domain";
import type { Translate } from "@slotpilot/locales";
import type { z } from "zod";

/**
 * One problem with one field, in a shape a form can place next to the field it names. `code` is
 * stable: `required`, `type`, `too_small`, `too_big`, `format`, `one_of`, `unknown_field`, or a
 * rule of ours (`no_control_chars`, …); `message` is in the caller's language.
 */
export type FieldError = FieldIssue;

/** Prefix of a custom zod message that names a locale key of ours instead of English text. */
export const RULE = "rule:";

/** A refinement whose failure is localized: `z.string().refine(ok, rule("no_control_chars"))`. */
export const rule = (key: string) => ({ message: `${RULE}${key}` });

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

const TYPES: Record<string, string> = {
  string: "text",
  number: "number",
  int: "whole_number",
  boolean: "boolean",
  array: "list",
  object: "object",
  date: "text",
};

/** A bound's words: characters, items, a sum of rubles (a field named `…Rub`), or a plain value. */
function sizeKey(origin: unknown, field: string): string {
  if (origin === "string") return "characters";
  if (origin === "array" || origin === "set") return "items";
  return /Rub$/.test(field) ? "rubles" : "value";
}

/**
 * zod's issues for a request, as field errors in the caller's language. `input` is what was sent,
 * to tell a missing field from one of the wrong type.
 */
export function fieldErrors(issues: readonly z.core.$ZodIssue[], input: unknown, t: Translate): FieldError[] {
  const out: FieldError[] = [];
  for (const issue of issues) {
    const field = issue.path.map(String).join(".");
    const at = (code: string, key: string, params: Record<string, unknown> = {}) =>
      out.push({ field, code, message: t(`validation.${key}`, params) });
    if (issue.message.startsWith(RULE)) {
      const key = issue.message.slice(RULE.length);
      at(key, `rules.${key}`);
      continue;
    }
    switch (issue.code) {
      case "invalid_type":
        if (valueAt(input, issue.path) === undefined) at("required", "required");
        else at("type", `type.${TYPES[issue.expected] ?? "other"}`);
        break;
      case "too_small": {
        const size = sizeKey(issue.origin, field);
        const min = Number(issue.minimum);
        if (size === "value" || size === "rubles") at("too_small", `too_small.${size}`, { min });
        // "At least 1 character" is "not empty", and says so.
        else if (min === 1) at("too_small", "too_small.empty");
        else at("too_small", `too_small.${size}`, { count: min });
        break;
      }
      case "too_big": {
        const size = sizeKey(issue.origin, field);
        const max = Number(issue.maximum);
        at("too_big", `too_big.${size}`, size === "value" || size === "rubles" ? { max } : { count: max });
        break;
      }
      case "invalid_format":
        at("format", issue.format === "datetime" ? "format.datetime" : "format.other");
        break;
      case "invalid_value":
        at("one_of", "one_of", { values: issue.values.map((v) => JSON.stringify(v)).join(", ") });
        break;
      case "invalid_union":
        if ("options" in issue && Array.isArray(issue.options)) {
          at("one_of", "one_of", { values: issue.options.map((v) => JSON.stringify(v)).join(", ") });
        } else at("format", "format.other");
        break;
      case "unrecognized_keys":
        for (const key of issue.keys) {
          out.push({
            field: [...issue.path.map(String), key].join("."),
            code: "unknown_field",
            message: t("validation.unknown_field"),
          });
        }
        break;
      default:
        at("format", "format.other");
    }
  }
  return out;
}

/**
 * Refuses a request for a rule of ours (`validation.rules.<key>`) that only the stored row can
 * judge, naming each field as validation would: the same `request.invalid` with `fields`.
 */
export function refuseFields(fields: readonly string[], key: string, t: Translate): never {
  const issues = fields.map((field) => ({ field, code: key, message: t(`validation.rules.${key}`) }));
  throw new AppError(
    "request.invalid",
    { field: issues[0]?.field ?? "", problem: issues[0]?.message ?? "" },
    { fields: issues },
  );
}
