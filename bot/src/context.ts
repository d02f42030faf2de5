import type { ConversationFlavor } from "@grammyjs/conversations";
import type { ApiClient, MeResponse } from "@slotpilot/api/client";
import type { Locale, Translate } from "@slotpilot/locales";
import type { Context } from "grammy";

type BotContextBase = Context & {
  locale: Locale;
  t: Translate;
  /** The seller API, signed in as the user this update is from. */
  backend: ApiClient;
  /** The seller as the API sees them (created on first sight). */
  seller: MeResponse;
  /** A call to an API route by path (routes the typed client does not know yet). */
  rawApi: (path: string, init: RequestInit) => Promise<Response>;
  /** Where the Mini App lives (buttons that open a screen of it). */
  miniApp: { url: string; live: boolean };
};

/**
 * grammY's context plus what every handler needs: the user's language and the Slotpilot API, and
 * the conversations plugin's controls (multi-step flows such as `/new`).
 */
export type BotContext = ConversationFlavor<BotContextBase>;
