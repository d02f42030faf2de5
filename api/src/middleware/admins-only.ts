import { AppError } from "@slotpilot/domain";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../context.ts";

/** Admin routes: anyone else gets `auth.forbidden` (the bot then answers as the seller bot). */
export const adminsOnly = createMiddleware<AppEnv>(async (c, next) => {
  if (c.get("user").role !== "admin") throw new AppError("auth.forbidden");
  await next();
});
