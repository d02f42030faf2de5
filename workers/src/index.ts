export * from "./booker/index.ts";
export { type RunningWorkers, startWorkers, type WorkersDeps, wbTargetFor } from "./compose-workers.ts";
export * from "./dialogs/index.ts";
export * from "./monitor/index.ts";
export {
  type ComposeMessage,
  MESSAGE_KINDS,
  type NotifierDeps,
  OutboxNotifier,
  recipientLocale,
  runNotifier,
  SendLimiter,
  withPortalLink,
} from "./notifier/index.ts";
export { runWorkers, type WorkerDeps } from "./run-workers.ts";
export * from "./sessions/index.ts";
export {
  apiNotifier,
  botApi,
  loggingNotifier,
  type SendOptions,
  type TelegramNotifier,
} from "./telegram-notifier.ts";
