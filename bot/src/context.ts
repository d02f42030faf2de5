import type { ConversationFlavor } from "@grammyjs/conversations";
import type { ApiClient, MeResponse } from "@slotpilot/api/client";
import type { Locale, Translate } from "@slotpilot/locales";
import type { Context } from "grammy";

/**
 * grammY's context plus what every handler needs: the user's language and the Slotpilot API, and
 * the conversations plugin's controls (admins' multi-step commands).
 */
export type BotContext = ConversationFlavor<BotContextBase>;

type BotContextBase = Context & {
  locale: Locale;
  t: Translate;
  /** The seller API, signed in as the user this update is from. */
  backend: ApiClient;
  /** The seller as the API sees them (created on first sight). */
  seller: MeResponse;
};
