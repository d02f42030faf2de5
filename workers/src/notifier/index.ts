export { recipientLocale } from "./format-alert.ts";
export { type ComposeMessage, MESSAGE_KINDS } from "./message-kinds.ts";
export { OutboxNotifier } from "./outbox-notifier.ts";
export { withPortalLink } from "./portal-link.ts";
export { SendLimiter } from "./rate-limiter.ts";
export { type NotifierDeps, runNotifier } from "./run-notifier.ts";
