/**
 * The Telegram *user* port (MTProto): what the sales engine, the login flow and urgent calls may
 * ask of a Telegram account. Implementations: `@slotpilot/telegram-user/teleproto` (real, teleproto
 * library — not verified against live Telegram here) and `@slotpilot/telegram-user/simulated` (in
 * memory, for tests and demo mode).
 */
export { pickDevice } from "./device.ts";
export { pausesAccount, TelegramUserError, type TelegramUserErrorKind } from "./errors.ts";
export type * from "./port.ts";
