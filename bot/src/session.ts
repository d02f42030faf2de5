import { createApiClient } from "@slotpilot/api/client";
import { type InitDataUser, signInitData } from "@slotpilot/domain";
import { translator } from "@slotpilot/locales";
import type { MiddlewareFn } from "grammy";
import { unwrap } from "./api-call.ts";
import type { BotContext } from "./context.ts";

export interface ApiAccess {
  /** Where the API is; the bot usually runs in the API's process and calls it in-process. */
  baseUrl: string;
  fetch?: typeof fetch;
  botToken: string;
}

/**
 * Signs the bot into the API as the user the update is from. The bot holds the bot token, so it
 * signs initData exactly as Telegram would for a Mini App: one auth path for both front ends.
 */
export function apiSession(access: ApiAccess, miniApp: BotContext["miniApp"]): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const from = ctx.from;
    if (!from || from.is_bot) return;
    const user: InitDataUser = {
      id: from.id,
      first_name: from.first_name,
      ...(from.last_name ? { last_name: from.last_name } : {}),
      ...(from.username ? { username: from.username } : {}),
      ...(from.language_code ? { language_code: from.language_code } : {}),
    };
    const initData = () => signInitData({ user }, access.botToken);
    const fetcher = access.fetch ?? fetch;
    const base = `${access.baseUrl.replace(/\/$/, "")}/api`;
    ctx.backend = createApiClient({
      baseUrl: access.baseUrl,
      ...(access.fetch ? { fetch: access.fetch } : {}),
      initData,
      locale: () => ctx.locale,
    });
    ctx.rawApi = (path, init) =>
      fetcher(`${base}${path}`, {
        ...init,
        headers: {
          ...(init.headers as Record<string, string>),
          authorization: `tma ${initData()}`,
          "accept-language": ctx.locale,
        },
      });
    ctx.miniApp = miniApp;
    ctx.seller = await unwrap(await ctx.backend.me.$get());
    ctx.locale = ctx.seller.locale;
    ctx.t = translator(ctx.seller.locale);
    await next();
  };
}
