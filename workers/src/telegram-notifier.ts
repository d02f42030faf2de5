import type { Logger } from "@slotpilot/observability";
import { Api, GrammyError } from "grammy";
import type { InlineKeyboardMarkup } from "grammy/types";

export interface SendOptions {
  replyMarkup?: InlineKeyboardMarkup;
}

/**
 * Sends one Telegram message. Failures surface as grammY's errors (`GrammyError` for a Bot API
 * refusal, `HttpError` for the network); the outbox notifier decides what each one means.
 */
export interface TelegramNotifier {
  /** Resolves with the sent message's id (a number) when the transport knows it. */
  send(chatId: number, text: string, options?: SendOptions): Promise<unknown>;
  /**
   * Replaces a message sent earlier (a live status). Resolves false when that message cannot be
   * edited any more (deleted, too old): the caller sends a new one. Absent: never edits.
   */
  edit?(chatId: number, messageId: number, text: string, options?: SendOptions): Promise<boolean>;
}

/** A notifier on a grammY Api (the real Bot API, or one answered locally in tests). */
export function apiNotifier(api: Api): TelegramNotifier {
  return {
    send: async (chatId, text, options) => {
      const sent = await api.sendMessage(
        chatId,
        text,
        options?.replyMarkup ? { reply_markup: options.replyMarkup } : {},
      );
      return sent.message_id;
    },
    edit: async (chatId, messageId, text, options) => {
      try {
        await api.editMessageText(
          chatId,
          messageId,
          text,
          options?.replyMarkup ? { reply_markup: options.replyMarkup } : {},
        );
        return true;
      } catch (err) {
        if (!(err instanceof GrammyError) || err.error_code !== 400) throw err;
        // The same text again is not an error worth a new message.
        if (/message is not modified/i.test(err.description)) return true;
        return false;
      }
    },
  };
}

/** Live mode: the Bot API, for the notifier and the workers' other calls (Stars subscriptions). */
export function botApi(token: string, apiRoot?: string): Api {
  // The outbox holds a row lock while a send is in flight: never let one hang for minutes.
  return new Api(token, { timeoutSeconds: 30, ...(apiRoot ? { apiRoot } : {}) });
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
