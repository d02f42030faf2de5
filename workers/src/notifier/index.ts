export { recipientLocale } from "./format-alert.ts";
export { type ComposeMessage, MESSAGE_KINDS } from "./message-kinds.ts";
export { type DrainResult, OutboxNotifier, type OutboxNotifierOptions } from "./outbox-notifier.ts";
export { withPortalLink } from "./portal-link.ts";
export { SendLimiter, type SendLimits, TELEGRAM_LIMITS } from "./rate-limiter.ts";
export { type NotifierDeps, runNotifier } from "./run-notifier.ts";
