import type { ProxySpec } from "@slotpilot/domain";

/**
 * Everything Slotpilot does with Telegram *user* accounts (MTProto), as one small port. The engine,
 * the login flow and urgent calls talk only to this; `teleproto-adapter.ts` implements it on the
 * teleproto library, `simulated-telegram.ts` in memory (tests and demo mode). Switching the MTProto
 * library is a new adapter file, nothing else.
 */
export interface TelegramUserPort {
  /** Which implementation this is, for logs and the start-up banner. */
  readonly name: string;
  /**
   * Opens a fresh client for `phone` and asks Telegram to send the login code. The code and the 2FA
   * password are then given to the same live client; `close()` it when done or abandoned.
   */
  beginLogin(input: { phone: string; device: DeviceIdentity; proxy: ProxySpec | null }): Promise<PendingLogin>;
  /** Connects an account from its saved session. Fails with `session_revoked` when Telegram no longer accepts it. */
  connect(account: AccountConnection): Promise<UserClient>;
}

/** What Telegram is told about the device; stable per account (a session hopping devices looks stolen). */
export interface DeviceIdentity {
  deviceModel: string;
  systemVersion: string;
  appVersion: string;
  langCode: string;
  systemLangCode: string;
}

export interface AccountConnection {
  phone: string;
  /** The saved session string (a full login: it lives sealed in the database). */
  session: string;
  device: DeviceIdentity;
  proxy: ProxySpec | null;
}

export type LoginStep =
  | { status: "done"; session: string; user: AccountIdentity }
  | { status: "password_needed"; hint: string | null };

export interface PendingLogin {
  /** Where Telegram sent the code: the account's other Telegram app, or SMS. */
  readonly codeVia: "app" | "sms";
  submitCode(code: string): Promise<LoginStep>;
  submitPassword(password: string): Promise<LoginStep>;
  close(): Promise<void>;
}

export interface AccountIdentity {
  userId: number;
  username: string | null;
}

/** A user as this account can address it. The access hash is per account. */
export interface Peer {
  userId: number;
  /** int64 as a decimal string. */
  accessHash: string;
}

export interface ResolvedUser {
  peer: Peer;
  username: string;
  firstName: string;
  isBot: boolean;
}

export interface IncomingMessage {
  fromUserId: number;
  messageId: number;
  text: string;
  date: Date;
}

export interface UserClient {
  readonly identity: AccountIdentity;
  /** Fails with `username_not_found` when nobody has the username. */
  resolveUsername(username: string): Promise<ResolvedUser>;
  /**
   * Sends `text`. `randomId` is Telegram's idempotency key: sending again with the same one after a
   * crash delivers nothing twice and answers `{ duplicate: true }`.
   */
  sendMessage(peer: Peer, text: string, randomId: number): Promise<{ messageId: number | null; duplicate: boolean }>;
  /** Read receipt up to `maxMessageId`. */
  markRead(peer: Peer, maxMessageId: number): Promise<void>;
  /** "typing…" on (it fades by itself after ~5 s, so repeat it) or cancelled. */
  setTyping(peer: Peer, typing: boolean): Promise<void>;
  /** Rings the user and hangs up unanswered after `ringMs` (the missed call is the alarm). */
  ring(peer: Peer, ringMs: number): Promise<void>;
  /** Incoming private messages from `peer` newer than `afterMessageId`, oldest first (catching up after a restart). */
  incomingSince(peer: Peer, afterMessageId: number): Promise<IncomingMessage[]>;
  /** Live incoming private messages. */
  onMessage(handler: (message: IncomingMessage) => void): void;
  close(): Promise<void>;
}
