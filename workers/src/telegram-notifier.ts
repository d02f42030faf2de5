import type { Logger } from "@slotpilot/observability";
import { Api } from "grammy";

/** Sends a plain Telegram message. The notifier issue grows this into an outbox with rate limits. */
export interface TelegramNotifier {
  send(chatId: number, text: string): Promise<void>;
}

/** Live mode: the Bot API. */
export function botApiNotifier(token: string): TelegramNotifier {
  const api = new Api(token);
  return {
    send: async (chatId, text) => {
      await api.sendMessage(chatId, text);
    },
  };
}

/** Demo mode: there is no Telegram, so messages go to the log. */
export function loggingNotifier(log: Logger): TelegramNotifier {
  return {
    send: async (chatId, text) => log.info("telegram message (demo mode, not sent)", { chatId, text }),
  };
}
