import type { Transformer } from "grammy";
import type { Message } from "grammy/types";
import { LOCAL_BOT_INFO } from "../create-bot.ts";

export interface BotApiCall {
  method: string;
  payload: Record<string, unknown>;
  /** What the local Bot API answered (a sent message carries its `message_id`). */
  result?: unknown;
}

/**
 * A Bot API that lives in this process: every call the bot makes is recorded, handed to `onCall`,
 * and answered the way Telegram would answer it, without a network. The terminal chat prints the
 * calls; tests assert on them.
 */
export function localBotApi(onCall: (call: BotApiCall) => void = () => {}) {
  const calls: BotApiCall[] = [];
  let messageId = 0;
  const answer = (method: string, payload: Record<string, unknown>): unknown => {
    switch (method) {
      case "getMe":
        return LOCAL_BOT_INFO;
      case "sendMessage":
        return {
          message_id: ++messageId,
          date: Math.floor(Date.now() / 1000),
          chat: { id: Number(payload.chat_id), type: "private", first_name: "you" },
          text: String(payload.text ?? ""),
        } satisfies Message.TextMessage;
      case "sendPhoto":
        return {
          message_id: ++messageId,
          date: Math.floor(Date.now() / 1000),
          chat: { id: Number(payload.chat_id), type: "private", first_name: "you" },
          photo: [{ file_id: `local-${messageId}`, file_unique_id: `local-${messageId}`, width: 1, height: 1 }],
          ...(payload.caption ? { caption: String(payload.caption) } : {}),
        } satisfies Message.PhotoMessage;
      case "getUpdates":
        return [];
      case "createInvoiceLink":
        // Telegram answers with a t.me link the app opens (openInvoice) or the user taps.
        return `https://t.me/$local-invoice-${++messageId}`;
      default:
        return true;
    }
  };
  const transformer: Transformer = async (_prev, method, payload) => {
    const call: BotApiCall = { method, payload: { ...(payload as Record<string, unknown>) } };
    call.result = answer(method, call.payload);
    calls.push(call);
    onCall(call);
    // biome-ignore lint/suspicious/noExplicitAny: the transformer's result type depends on the method
    return { ok: true, result: call.result as any };
  };
  return { transformer, calls };
}
