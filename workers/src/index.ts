export * from "./dialogs/index.ts";
export * from "./monitor/index.ts";
export { type NotifierDeps, OutboxNotifier, runNotifier, SendLimiter } from "./notifier/index.ts";
export { runWorkers, type WorkerDeps } from "./run-workers.ts";
export { botApiNotifier, loggingNotifier, type SendOptions, type TelegramNotifier } from "./telegram-notifier.ts";
