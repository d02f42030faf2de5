import { zValidator } from "@hono/zod-validator";
import { AppError } from "@slotpilot/domain";
import type { ValidationTargets } from "hono";
import type { z } from "zod";

/**
 * zod validation whose failure is our typed `request.invalid` error (so it is localized by the one
 * error boundary), naming each offending field.
 */
export function validate<T extends keyof ValidationTargets, S extends z.ZodType>(target: T, schema: S) {
  return zValidator(target, schema, (result) => {
    if (!result.success) {
      const details = result.error.issues.map((i) => `${i.path.join(".") || target}: ${i.message}`).join("; ");
      throw new AppError("request.invalid", { details });
    }
  });
}
