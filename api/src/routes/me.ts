import { setUserLocale } from "@slotpilot/db";
import { AppError, effectiveLocale, isLocale } from "@slotpilot/domain";
import { Hono } from "hono";
import { z } from "zod";
import type { ApiDeps, AppEnv } from "../context.ts";
import type { UserCache } from "../middleware/user-cache.ts";
import { validate } from "../validate.ts";

export interface MeResponse {
  user: {
    id: number;
    telegramId: number;
    firstName: string;
    lastName: string | null;
    username: string | null;
    role: "seller" | "admin";
    /** True once the user picked a language; until then `locale` follows their Telegram language. */
    localeChosen: boolean;
  };
  organization: { id: number; name: string };
  locale: "ru" | "en";
}

const patchMe = z.object({ locale: z.string().min(1).max(16) }).strict();

/** `GET /api/me` — who the caller is; `PATCH /api/me` — change their language. */
export function meRoutes(deps: ApiDeps, users: UserCache) {
  return new Hono<AppEnv>()
    .get("/me", (c) => c.json(meBody(c.get("user"), c.get("organization"))))
    .patch("/me", validate("json", patchMe), async (c) => {
      const { locale } = c.req.valid("json");
      if (!isLocale(locale)) throw new AppError("locale.unsupported", { locale });
      const user = await setUserLocale(deps.db, c.get("user").id, locale);
      users.set(user, c.get("organization"), Date.now());
      c.set("locale", locale);
      return c.json(meBody(user, c.get("organization")));
    });
}

function meBody(user: AppEnv["Variables"]["user"], organization: AppEnv["Variables"]["organization"]): MeResponse {
  return {
    user: {
      id: user.id,
      telegramId: user.telegram_id,
      firstName: user.first_name,
      lastName: user.last_name,
      username: user.username,
      role: user.role,
      localeChosen: user.locale !== null,
    },
    organization: { id: organization.id, name: organization.name },
    locale: effectiveLocale(user),
  };
}
