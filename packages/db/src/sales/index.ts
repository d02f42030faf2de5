/**
 * Sales dialogs in PostgreSQL, one file per concern: accounts and their leases and send limits,
 * pending logins, dialogs and their transcripts, prompt versions, the outbox of messages to send
 * from the accounts, events for admins and urgent calls.
 */
export * from "./accounts.ts";
export * from "./admin-events.ts";
export * from "./dialogs.ts";
export type { Executor } from "./executor.ts";
export * from "./leases.ts";
export * from "./logins.ts";
export * from "./messages.ts";
export * from "./outbox.ts";
export * from "./prompts.ts";
export * from "./reserve-send.ts";
export * from "./urgent-calls.ts";
