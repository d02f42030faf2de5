import { signInitData } from "@slotpilot/domain";
import { Hono } from "hono";
import { z } from "zod";
import type { ApiDeps, AppEnv } from "../context.ts";
import { validate } from "../validate.ts";
import { line } from "../validation/fields.ts";

const body = z
  .object({
    telegramId: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).default(100_000_001),
    firstName: line(64).default("Demo"),
    lastName: line(64).optional(),
    username: z
      .string()
      .regex(/^[A-Za-z0-9_]{3,32}$/)
      .optional(),
    languageCode: z
      .string()
      .regex(/^[a-z]{2}(-[A-Za-z]{2,4})?$/)
      .optional(),
  })
  .strict();

/**
 * Demo mode only: `POST /dev/session` signs initData with the local demo bot token, so the Mini App
 * in a plain browser and the tests can sign in without Telegram. Never mounted in live mode.
 */
export function devSessionRoutes(deps: ApiDeps) {
  return new Hono<AppEnv>().post("/session", validate("json", body), (c) => {
    const input = c.req.valid("json");
    const initData = signInitData(
      {
        user: {
          id: input.telegramId,
          first_name: input.firstName,
          ...(input.lastName ? { last_name: input.lastName } : {}),
          ...(input.username ? { username: input.username } : {}),
          ...(input.languageCode ? { language_code: input.languageCode } : {}),
        },
        authDate: deps.now?.() ?? new Date(),
      },
      deps.config.botToken,
    );
    return c.json({ initData });
  });
}
