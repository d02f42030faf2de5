import { findUserByTelegramId, organizationOf, type User, upsertTelegramUser } from "@slotpilot/db";
import { AppError, effectiveLocale, type InitDataUser, isAdmin, validateInitData } from "@slotpilot/domain";
import { userRegistered } from "@slotpilot/jobs";
import { quietRepeats } from "@slotpilot/observability";
import { createMiddleware } from "hono/factory";
import type { ApiDeps, AppEnv } from "../context.ts";
import type { UserCache } from "./user-cache.ts";

/**
 * `Authorization: tma <initData>` on every seller route. The initData must be signed with our bot
 * token and at most an hour old; the Telegram user is created on first sight (with their own
 * organization, and a `user.registered` job in the same transaction) or refreshed when their
 * profile changed.
 */
export function tmaAuth(deps: ApiDeps, users: UserCache) {
  // A refused signature is worth an operator's line (forged, or a client clock far off), never
  // what was sent; a burst of the same refusal is one line a minute with a count.
  const refusals = quietRepeats(deps.log);
  return createMiddleware<AppEnv>(async (c, next) => {
    const header = c.req.header("authorization");
    const match = header?.match(/^tma (.+)$/);
    if (!match?.[1]) throw new AppError("auth.missing");
    const now = deps.now?.() ?? new Date();
    let initData: ReturnType<typeof validateInitData>;
    try {
      initData = validateInitData(match[1], deps.config.botToken, now);
    } catch (error) {
      if (error instanceof AppError) refusals.warn(`api: sign-in refused (${error.code})`, { path: c.req.path });
      throw error;
    }
    const admin = isAdmin(deps.config.adminTelegramIds, initData.user.id);
    const known = users.get(initData.user.id, Date.now());
    const { user, organization } =
      known && sameProfile(known.user, initData.user, admin) ? known : await resolveUser(deps, initData.user, admin);
    if (!known || known.user !== user) users.set(user, organization, Date.now());
    c.set("user", user);
    c.set("organization", organization);
    c.set("locale", effectiveLocale(user));
    await next();
  });
}

async function resolveUser(deps: ApiDeps, tg: InitDataUser, admin: boolean) {
  const existing = await findUserByTelegramId(deps.db, tg.id);
  if (existing && sameProfile(existing, tg, admin)) {
    return { user: existing, organization: await organizationOf(deps.db, existing.id) };
  }
  return upsertTelegramUser(
    deps.db,
    {
      telegramId: tg.id,
      firstName: tg.first_name,
      lastName: tg.last_name,
      username: tg.username,
      languageCode: tg.language_code,
    },
    {
      isAdmin: admin,
      onCreated: async (trx, user) => {
        await deps.queue.send(userRegistered, { userId: user.id }, { trx, key: `user-registered:${user.id}` });
      },
    },
  );
}

function sameProfile(user: User, tg: InitDataUser, admin: boolean): boolean {
  return (
    user.first_name === tg.first_name &&
    user.last_name === (tg.last_name ?? null) &&
    user.username === (tg.username ?? null) &&
    user.language_code === (tg.language_code ?? null) &&
    (user.role === "admin") === admin
  );
}
