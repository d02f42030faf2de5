export { type DrainResult, OutboxNotifier, type OutboxNotifierOptions } from "./outbox-notifier.ts";
export { SendLimiter, type SendLimits, TELEGRAM_LIMITS } from "./rate-limiter.ts";
export { type NotifierDeps, runNotifier } from "./run-notifier.ts";
