import { autoRetry } from "@grammyjs/auto-retry";
import type { Db } from "@slotpilot/db";
import { translator } from "@slotpilot/locales";
import type { Logger } from "@slotpilot/observability";
import { Bot, type Transformer } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import { ApiCallError, isRefusal } from "./api-call.ts";
import type { BotContext } from "./context.ts";
import { connectConversations } from "./conversations/connect-cabinet.ts";
import { editTaskConversation } from "./conversations/edit-task.ts";
import { installConversations } from "./conversations/install.ts";
import { newTaskConversation } from "./conversations/new-task.ts";
import { onboardingConversation } from "./conversations/onboarding.ts";
import { supportHandlers } from "./conversations/support.ts";
import { adminBillingHandlers } from "./handlers/admin-billing.ts";
import { adminStatusHandler } from "./handlers/admin-status.ts";
import { cabinetHandlers } from "./handlers/cabinets.ts";
import { fallback } from "./handlers/fallback.ts";
import { planHandler } from "./handlers/plan.ts";
import { type FileDownloader, salesAdminHandlers, telegramFileDownloader } from "./handlers/sales/index.ts";
import { settingsHandler } from "./handlers/settings.ts";
import { slotsHandler } from "./handlers/slots.ts";
import { starsPaymentHandlers } from "./handlers/stars-payments.ts";
import { startHandlers } from "./handlers/start.ts";
import { taskBookingHandlers } from "./handlers/task-bookings.ts";
import { taskHandlers } from "./handlers/tasks.ts";
import { type ApiAccess, apiSession } from "./session.ts";

export interface BotDeps {
  token: string;
  api: ApiAccess;
  /**
   * Where multi-step flows (sellers' and admins') keep their state between updates. Every
   * deployable passes it; without it (transport tests) that state lives in memory and does not
   * survive a restart.
   */
  db?: Db;
  miniAppUrl: string;
  /** Live: a real Telegram bot. Demo: the local Bot API of the terminal chat and the tests. */
  live: boolean;
  log: Logger;
  /** A self-hosted Bot API server (`TELEGRAM_API_ROOT`); default Telegram's own. */
  apiRoot?: string | undefined;
  /** Known bot identity; skips getMe (tests, terminal chat). */
  botInfo?: UserFromGetMe;
  /**
   * Answers Bot API calls instead of Telegram (terminal chat, tests). Installed innermost, so retries
   * and everything else behave exactly as against Telegram.
   */
  localBotApi?: Transformer;
  /** Fetches a file a user sent (a prompt as .txt); default: Telegram's file endpoint. */
  downloadFile?: FileDownloader;
}

/**
/**
 * The bot: sellers' menu and admins' commands. It owns no business rules: handlers call the
 * Slotpilot API as the user. Bot API calls retry 429s and 5xx with bounded waits and time out
 * after 40 s; `bot.catch` is the single error boundary.
 */
export function createBot(deps: BotDeps): Bot<BotContext> {
  const bot = new Bot<BotContext>(deps.token, {
    ...(deps.botInfo ? { botInfo: deps.botInfo } : {}),
    // No Bot API call may hang start-up or a handler: long polling asks for 25 s, so 40 s is ample.
    client: { timeoutSeconds: 40, ...(deps.apiRoot ? { apiRoot: deps.apiRoot } : {}) },
  });
  // Innermost: the local Bot API (if any) answers instead of Telegram; outermost: bounded retries.
  const apiTransformers = {
    inner: deps.localBotApi ? [deps.localBotApi] : [],
    outer: [
      autoRetry({
        maxRetryAttempts: 3,
        maxDelaySeconds: 30,
        rethrowInternalServerErrors: false,
        // A network failure surfaces at once: the update is delivered again, the outbox retries, the
        // connection loop logs it — each with its own bounded backoff, none hidden in here.
        rethrowHttpErrors: true,
      }),
    ],
  };
  bot.api.config.use(...apiTransformers.inner, ...apiTransformers.outer);

  bot.use(apiSession(deps.api, { url: deps.miniAppUrl, live: deps.live }));
  // Payments come before every conversation: a successful payment is never taken for a flow's answer.
  if (deps.db) bot.use(starsPaymentHandlers({ db: deps.db }));
  // One conversations plugin for every multi-step flow, sellers' and admins'.
  bot.use(installConversations({ db: deps.db, apiTransformers }));
  // Admins' sales commands come first: `/start @username` is theirs, a plain `/start` the seller's.
  bot.use(salesAdminHandlers({ downloadFile: deps.downloadFile ?? telegramFileDownloader(deps.token, deps.apiRoot) }));
  bot.use(onboardingConversation(), newTaskConversation(), editTaskConversation(), ...connectConversations());
  bot.use(supportHandlers());
  bot.use(startHandlers());
  bot.use(taskHandlers());
  bot.use(taskBookingHandlers());
  bot.use(cabinetHandlers());
  bot.use(slotsHandler());
  bot.use(planHandler());
  bot.use(settingsHandler());
  bot.use(adminStatusHandler());
  bot.use(adminBillingHandlers());
  bot.use(fallback);

  bot.catch(async (err) => {
    const ctx = err.ctx;
    const cause = err.error;
    const t = ctx.t ?? translator("en");
    // An API refusal carries a message written for the user; anything else is ours to log.
    const refusal = cause instanceof ApiCallError && isRefusal(cause);
    const text = refusal && cause.message ? cause.message : t("bot.error");
    if (!refusal) {
      deps.log.error("bot update failed", { err: cause, updateId: ctx.update.update_id });
    }
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text }).catch(() => {});
    else if (ctx.chat) await ctx.reply(text).catch(() => {});
  });
  return bot;
}
/** A plausible identity for a bot that talks to no Telegram (demo chat, tests). */
export const LOCAL_BOT_INFO: UserFromGetMe = {
  id: 1_000_000_001,
  is_bot: true,
  first_name: "Slotpilot",
  username: "slotpilot_local_bot",
  can_join_groups: false,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: true,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
  can_manage_bots: false,
  supports_join_request_queries: false,
};
