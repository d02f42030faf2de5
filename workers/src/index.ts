export { runWorkers, type WorkerDeps } from "./run-workers.ts";
export { botApiNotifier, loggingNotifier, type TelegramNotifier } from "./telegram-notifier.ts";
