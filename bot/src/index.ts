export { registerCommands } from "./commands.ts";
export type { BotContext } from "./context.ts";
export { type BotDeps, createBot, LOCAL_BOT_INFO } from "./create-bot.ts";
export { chatKey, sequentialByChat } from "./transport/chat-key.ts";
export { type BotLink, type BotLinkState, connectBot } from "./transport/connect-bot.ts";
export { type BotApiCall, localBotApi } from "./transport/local-bot-api.ts";
export { runLongPolling } from "./transport/polling.ts";
export { MAX_UPDATE_ATTEMPTS, type ProcessUpdate, updateProcessor } from "./transport/process-update.ts";
export { webhookHandler } from "./transport/webhook.ts";
