/**
 * Telegram's refusals that change what the engine does, independent of the MTProto library.
 * Adapters translate their library's errors into these; anything unrecognised is `unknown` (retried).
 */
export type TelegramUserErrorKind =
  /** Wait `seconds`, then try again. */
  | "flood_wait"
  /** The account is limited for messaging strangers (spam report): pause it. */
  | "peer_flood"
  /** The account is frozen or restricted by Telegram's anti-spam system: pause it. */
  | "account_restricted"
  /** The session was revoked, expired, or the account deleted: pause it; a new login is needed. */
  | "session_revoked"
  /** The same session ran in two places: Telegram killed it. */
  | "auth_key_duplicated"
  | "username_not_found"
  /** The user's privacy settings forbid this (messages from strangers, calls). */
  | "privacy_restricted"
  /** The user blocked the account or deleted themselves. */
  | "user_unreachable"
  | "code_invalid"
  | "code_expired"
  | "password_invalid"
  | "phone_invalid"
  | "phone_banned"
  /** The phone has no Telegram account. */
  | "phone_unregistered"
  | "network"
  | "unknown";

export class TelegramUserError extends Error {
  override name = "TelegramUserError";
  readonly kind: TelegramUserErrorKind;
  /** For `flood_wait`. */
  readonly seconds: number;

  constructor(kind: TelegramUserErrorKind, message: string, options: { seconds?: number; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.kind = kind;
    this.seconds = options.seconds ?? 0;
  }
}

/** Errors after which the account must stop until an admin acts. */
export function pausesAccount(kind: TelegramUserErrorKind): boolean {
  return (
    kind === "peer_flood" ||
    kind === "account_restricted" ||
    kind === "session_revoked" ||
    kind === "auth_key_duplicated"
  );
}
