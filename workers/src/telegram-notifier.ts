import type { Logger } from "@slotpilot/observability";
import { Api } from "grammy";
import type { InlineKeyboardMarkup } from "grammy/types";

export interface SendOptions {
  replyMarkup?: InlineKeyboardMarkup;
}

/**
 * Sends one Telegram message. Failures surface as grammY's errors (`GrammyError` for a Bot API
 * refusal, `HttpError` for the network); the outbox notifier decides what each one means.
 */
export interface TelegramNotifier {
  send(chatId: number, text: string, options?: SendOptions): Promise<void>;
}

/** Live mode: the Bot API. */
export function botApiNotifier(token: string, apiRoot?: string): TelegramNotifier {
  // The outbox holds a row lock while a send is in flight: never let one hang for minutes.
  const api = new Api(token, { timeoutSeconds: 30, ...(apiRoot ? { apiRoot } : {}) });
  return {
    send: async (chatId, text, options) => {
      await api.sendMessage(chatId, text, options?.replyMarkup ? { reply_markup: options.replyMarkup } : {});
    },
  };
}

/** Demo mode: there is no Telegram, so messages (and their buttons) go to the log. */
export function loggingNotifier(log: Logger): TelegramNotifier {
  return {
    send: async (chatId, text, options) =>
      log.info("telegram message (demo mode, not sent)", {
        chatId,
        text,
        ...(options?.replyMarkup ? { buttons: options.replyMarkup.inline_keyboard.flat() } : {}),
      }),
  };
}
