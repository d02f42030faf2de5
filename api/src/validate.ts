import { zValidator } from "@hono/zod-validator";
import { AppError } from "@slotpilot/domain";
import { translator } from "@slotpilot/locales";
import type { Context, ValidationTargets } from "hono";
import type { z } from "zod";
import type { AppEnv } from "./context.ts";
import { fieldErrors } from "./validation/field-errors.ts";

const JSON_TYPE = /^application\/([\w.-]+\+)?json\s*(;|$)/i;

/** Where a validator keeps its schema, so the OpenAPI document is made from what validates. */
export const VALIDATES = Symbol("validates");

export interface ValidatorInfo {
  target: keyof ValidationTargets;
  schema: z.ZodType;
}

/**
 * zod validation whose failure is our typed `request.invalid` error, localized by the one error
 * boundary, with one entry per offending field. A JSON body must say it is JSON: anything else is a
 * 415, never silently read as `{}`.
 */
export function validate<T extends keyof ValidationTargets, S extends z.ZodType>(target: T, schema: S) {
  const middleware = zValidator(target, schema, (result, c) => {
    if (target === "json" && !JSON_TYPE.test(c.req.header("content-type") ?? "")) {
      throw new AppError("request.unsupported_media_type");
    }
    if (!result.success) {
      // A body that is not an object at all (`[]`, `"x"`, `null`) has no fields to name.
      if (target === "json" && result.error.issues.some((i) => i.path.length === 0 && i.code === "invalid_type")) {
        throw new AppError("request.body_not_object");
      }
      const fields = fieldErrors(
        result.error.issues,
        result.data,
        translator((c as unknown as Context<AppEnv>).get("locale")),
      );
      throw new AppError(
        "request.invalid",
        { field: fields[0]?.field || target, problem: fields[0]?.message ?? "" },
        { fields },
      );
    }
  });
  const info: ValidatorInfo = { target, schema };
  return Object.assign(middleware, { [VALIDATES]: info });
}
