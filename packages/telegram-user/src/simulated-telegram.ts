/**
 * A Telegram of our own, in memory: accounts that log in with a code (and maybe a 2FA password),
 * users with usernames, private chats, read receipts, typing, calls, and the refusals the engine
 * must survive (FloodWait, PEER_FLOOD, a revoked session, AUTH_KEY_DUPLICATED when one session
 * runs twice). Tests drive it directly; demo mode runs it with scripted prospects so
 * `./slotpilot start` shows the whole sales feature without a Telegram account.
 *
 * It honours the port's contract where the engine depends on it: `sendMessage` with a `randomId`
 * already used by the account delivers nothing and answers `duplicate`, as Telegram does.
 */
import { TelegramUserError } from "./errors.ts";
import type {
  AccountIdentity,
  IncomingMessage,
  LoginStep,
  Peer,
  PendingLogin,
  TelegramUserPort,
  UserClient,
} from "./port.ts";

export interface SimulatedUser {
  userId: number;
  accessHash: string;
  username: string;
  firstName: string;
  isBot: boolean;
  /** Privacy: calls from strangers refused. */
  refusesCalls: boolean;
}

interface SimulatedAccount {
  phone: string;
  userId: number;
  username: string | null;
  password: string | null;
  /** Issued session strings still valid. */
  sessions: Set<string>;
}

export interface Delivery {
  phone: string;
  toUserId: number;
  text: string;
  randomId: number;
  messageId: number;
  at: Date;
}

export type Operation = "connect" | "resolve" | "send" | "read" | "typing" | "ring" | "history";

/** The one code every simulated account accepts. */
export const SIMULATED_LOGIN_CODE = "12345";

export class SimulatedTelegram implements TelegramUserPort {
  readonly name = "simulated";
  readonly deliveries: Delivery[] = [];
  readonly reads: { phone: string; userId: number; maxMessageId: number }[] = [];
  readonly typing: { phone: string; userId: number; on: boolean; at: Date }[] = [];
  readonly calls: { phone: string; userId: number; ringMs: number; at: Date }[] = [];
  readonly logins: { phone: string; deviceModel: string; proxy: string | null }[] = [];
  /** Called after each delivered message (demo prospects answer from here). */
  onDelivered: ((delivery: Delivery, to: SimulatedUser) => void) | undefined;

  readonly #accounts = new Map<string, SimulatedAccount>();
  readonly #users = new Map<number, SimulatedUser>();
  /** phone → randomIds already delivered (Telegram's dedupe). */
  readonly #randomIds = new Map<string, Set<number>>();
  /** `${phone}:${userId}` → messages from the user to the account. */
  readonly #inbox = new Map<string, IncomingMessage[]>();
  readonly #open = new Map<string, Set<(m: IncomingMessage) => void>>();
  /** Sessions with a live client: a second concurrent connect kills the session. */
  readonly #liveSessions = new Map<string, number>();
  readonly #failures: { phone: string; op: Operation | "any"; error: TelegramUserError }[] = [];
  #nextUserId = 7_000_000_000;
  #nextMessageId = 1;
  #nextSession = 1;

  addAccount(input: { phone: string; username?: string; password?: string }): void {
    this.#accounts.set(input.phone, {
      phone: input.phone,
      userId: this.#nextUserId++,
      username: input.username ?? null,
      password: input.password ?? null,
      sessions: new Set(),
    });
  }

  addUser(input: { username: string; firstName?: string; isBot?: boolean; refusesCalls?: boolean }): SimulatedUser {
    const userId = this.#nextUserId++;
    const user: SimulatedUser = {
      userId,
      accessHash: String(userId * 7 + 13),
      username: input.username,
      firstName: input.firstName ?? input.username,
      isBot: input.isBot ?? false,
      refusesCalls: input.refusesCalls ?? false,
    };
    this.#users.set(userId, user);
    return user;
  }

  userByName(username: string): SimulatedUser | undefined {
    for (const user of this.#users.values()) if (user.username.toLowerCase() === username.toLowerCase()) return user;
    return undefined;
  }

  /** The user writes to the account; delivered live to a connected client, and kept for `incomingSince`. */
  userSays(username: string, phone: string, text: string): IncomingMessage {
    const user = this.userByName(username);
    if (!user) throw new Error(`no simulated user @${username}`);
    const message: IncomingMessage = {
      fromUserId: user.userId,
      messageId: this.#nextMessageId++,
      text,
      date: new Date(),
    };
    const key = `${phone}:${user.userId}`;
    this.#inbox.set(key, [...(this.#inbox.get(key) ?? []), message]);
    for (const handler of this.#open.get(phone) ?? []) handler(message);
    return message;
  }

  /** The next `times` calls of `op` by `phone` fail with `error`. */
  failNext(phone: string, op: Operation | "any", error: TelegramUserError, times = 1): void {
    for (let i = 0; i < times; i++) this.#failures.push({ phone, op, error });
  }

  /** A session for `phone` as if it had logged in (seeding demo accounts and tests). */
  issueSession(phone: string): string {
    const account = this.#accounts.get(phone);
    if (!account) throw new Error(`no simulated account ${phone}`);
    const session = `sim:${phone}:${this.#nextSession++}`;
    account.sessions.add(session);
    return session;
  }

  /** The account's sessions stop working (the owner terminated them, or Telegram did). */
  revokeSessions(phone: string): void {
    this.#accounts.get(phone)?.sessions.clear();
  }

  deliveredTo(username: string): Delivery[] {
    const user = this.userByName(username);
    return this.deliveries.filter((d) => d.toUserId === user?.userId);
  }

  async beginLogin(input: Parameters<TelegramUserPort["beginLogin"]>[0]): Promise<PendingLogin> {
    this.#maybeFail(input.phone, "connect");
    const account = this.#accounts.get(input.phone);
    if (!account) throw new TelegramUserError("phone_unregistered", "no Telegram account with this phone");
    this.logins.push({
      phone: input.phone,
      deviceModel: input.device.deviceModel,
      proxy: input.proxy ? `${input.proxy.type} ${input.proxy.host}:${input.proxy.port}` : null,
    });
    let codeAccepted = false;
    let closed = false;
    const done = (): LoginStep => {
      const session = `sim:${account.phone}:${this.#nextSession++}`;
      account.sessions.add(session);
      return { status: "done", session, user: { userId: account.userId, username: account.username } };
    };
    const open = () => {
      if (closed) throw new TelegramUserError("network", "login client closed");
    };
    return {
      codeVia: "app",
      submitCode: async (code) => {
        open();
        if (code !== SIMULATED_LOGIN_CODE) throw new TelegramUserError("code_invalid", "PHONE_CODE_INVALID");
        codeAccepted = true;
        return account.password === null ? done() : { status: "password_needed", hint: "demo" };
      },
      submitPassword: async (password) => {
        open();
        if (!codeAccepted) throw new TelegramUserError("code_invalid", "sign in with the code first");
        if (password !== account.password) throw new TelegramUserError("password_invalid", "PASSWORD_HASH_INVALID");
        return done();
      },
      close: async () => {
        closed = true;
      },
    };
  }

  async connect(connection: Parameters<TelegramUserPort["connect"]>[0]): Promise<UserClient> {
    const phone = connection.phone;
    this.#maybeFail(phone, "connect");
    const account = this.#accounts.get(phone);
    if (!account?.sessions.has(connection.session)) {
      throw new TelegramUserError("session_revoked", "AUTH_KEY_UNREGISTERED");
    }
    if ((this.#liveSessions.get(connection.session) ?? 0) > 0) {
      // The same session from two places: Telegram terminates it for both.
      account.sessions.delete(connection.session);
      throw new TelegramUserError("auth_key_duplicated", "AUTH_KEY_DUPLICATED");
    }
    this.#liveSessions.set(connection.session, 1);
    const handlers = new Set<(m: IncomingMessage) => void>();
    const all = this.#open.get(phone) ?? new Set();
    this.#open.set(phone, all);
    let closed = false;
    const guard = (op: Operation) => {
      if (closed) throw new TelegramUserError("network", "client closed");
      this.#maybeFail(phone, op);
      if (!account.sessions.has(connection.session))
        throw new TelegramUserError("session_revoked", "AUTH_KEY_UNREGISTERED");
    };
    const user = (peer: Peer) => {
      const found = this.#users.get(peer.userId);
      if (!found || found.accessHash !== peer.accessHash) throw new TelegramUserError("unknown", "PEER_ID_INVALID");
      return found;
    };
    const identity: AccountIdentity = { userId: account.userId, username: account.username };
    return {
      identity,
      resolveUsername: async (username) => {
        guard("resolve");
        const found = this.userByName(username);
        if (!found) throw new TelegramUserError("username_not_found", "USERNAME_NOT_OCCUPIED");
        return {
          peer: { userId: found.userId, accessHash: found.accessHash },
          username: found.username,
          firstName: found.firstName,
          isBot: found.isBot,
        };
      },
      sendMessage: async (peer, text, randomId) => {
        guard("send");
        const to = user(peer);
        const used = this.#randomIds.get(phone) ?? new Set<number>();
        this.#randomIds.set(phone, used);
        if (used.has(randomId)) return { messageId: null, duplicate: true };
        used.add(randomId);
        const delivery: Delivery = {
          phone,
          toUserId: to.userId,
          text,
          randomId,
          messageId: this.#nextMessageId++,
          at: new Date(),
        };
        this.deliveries.push(delivery);
        this.onDelivered?.(delivery, to);
        return { messageId: delivery.messageId, duplicate: false };
      },
      markRead: async (peer, maxMessageId) => {
        guard("read");
        this.reads.push({ phone, userId: user(peer).userId, maxMessageId });
      },
      setTyping: async (peer, on) => {
        guard("typing");
        this.typing.push({ phone, userId: user(peer).userId, on, at: new Date() });
      },
      ring: async (peer, ringMs) => {
        guard("ring");
        const to = user(peer);
        if (to.refusesCalls) throw new TelegramUserError("privacy_restricted", "USER_PRIVACY_RESTRICTED");
        this.calls.push({ phone, userId: to.userId, ringMs, at: new Date() });
      },
      incomingSince: async (peer, afterMessageId) => {
        guard("history");
        return (this.#inbox.get(`${phone}:${user(peer).userId}`) ?? []).filter((m) => m.messageId > afterMessageId);
      },
      onMessage: (handler) => {
        handlers.add(handler);
        all.add(handler);
      },
      close: async () => {
        if (closed) return;
        closed = true;
        for (const h of handlers) all.delete(h);
        this.#liveSessions.delete(connection.session);
      },
    };
  }

  #maybeFail(phone: string, op: Operation): void {
    const i = this.#failures.findIndex((f) => f.phone === phone && (f.op === op || f.op === "any"));
    if (i < 0) return;
    const [failure] = this.#failures.splice(i, 1);
    if (failure) throw failure.error;
  }
}
