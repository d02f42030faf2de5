/**
 * The real Telegram user port, on teleproto (GramJS's maintained fork, same API, current layer).
 *
 * NOT VERIFIED AGAINST LIVE TELEGRAM: nothing here can reach Telegram. It is written from
 * teleproto's published API (its .d.ts and sources) and Telegram's documented methods; the tests
 * construct it and type-check it, and the engine's behaviour is tested against the simulated port
 * with the same contract. The first real login is the first real test.
 */
import { createHash, randomBytes, randomInt } from "node:crypto";
import type { ProxySpec } from "@slotpilot/domain";
import bigInt from "big-integer";
import { Api, errors, Logger, sessions, TelegramClient } from "teleproto";
import { NewMessage, type NewMessageEvent } from "teleproto/events/index.js";
import { TelegramUserError, type TelegramUserErrorKind } from "./errors.ts";
import type {
  AccountIdentity,
  DeviceIdentity,
  IncomingMessage,
  LoginStep,
  Peer,
  PendingLogin,
  TelegramUserPort,
  UserClient,
} from "./port.ts";

export interface TeleprotoOptions {
  apiId: number;
  apiHash: string;
  /** Library log lines worth keeping (warnings and errors); never contains secrets we pass in. */
  onLog?: (level: "warn" | "error", message: string) => void;
}

type LogLevel = Parameters<Logger["log"]>[0];

/** teleproto logs to stdout by default; route the lines that matter to our logger instead. */
class BridgeLogger extends Logger {
  readonly #onLog: TeleprotoOptions["onLog"];
  constructor(onLog: TeleprotoOptions["onLog"]) {
    super();
    this.#onLog = onLog;
  }
  override log(level: LogLevel, message: string): void {
    if (level === "error" || level === "warn") this.#onLog?.(level, message);
  }
}

export function teleprotoPort(options: TeleprotoOptions): TelegramUserPort {
  const credentials = { apiId: options.apiId, apiHash: options.apiHash };
  const newClient = (session: sessions.StringSession, device: DeviceIdentity, proxy: ProxySpec | null) =>
    new TelegramClient(session, options.apiId, options.apiHash, {
      deviceModel: device.deviceModel,
      systemVersion: device.systemVersion,
      appVersion: device.appVersion,
      langCode: device.langCode,
      systemLangCode: device.systemLangCode,
      connectionRetries: 3,
      // Longer waits are the engine's to schedule (it pauses the account and tells admins).
      floodSleepThreshold: 0,
      baseLogger: new BridgeLogger(options.onLog),
      ...(proxy ? { proxy: toTeleprotoProxy(proxy) } : {}),
    });

  return {
    name: "teleproto",

    async beginLogin({ phone, device, proxy }) {
      const session = new sessions.StringSession("");
      const client = newClient(session, device, proxy);
      try {
        await client.connect();
        const sent = await client.sendCode(credentials, phone);
        const via = sent.isCodeViaApp ? "app" : "sms";
        return pendingLogin({ client, session, credentials, phone, phoneCodeHash: sent.phoneCodeHash, codeVia: via });
      } catch (err) {
        await client.destroy().catch(() => {});
        throw translate(err);
      }
    },

    async connect(account) {
      const client = newClient(new sessions.StringSession(account.session), account.device, account.proxy);
      try {
        await client.connect();
        if (!(await client.checkAuthorization())) {
          throw new TelegramUserError("session_revoked", "Telegram no longer accepts this session");
        }
        const me = await client.getMe();
        return userClient(client, { userId: me.id.toJSNumber(), username: me.username ?? null });
      } catch (err) {
        await client.destroy().catch(() => {});
        throw translate(err);
      }
    },
  };
}

function toTeleprotoProxy(proxy: ProxySpec) {
  if (proxy.type === "mtproxy") {
    return { MTProxy: true as const, ip: proxy.host, port: proxy.port, secret: proxy.secret };
  }
  return {
    socksType: 5 as const,
    ip: proxy.host,
    port: proxy.port,
    ...(proxy.username ? { username: proxy.username } : {}),
    ...(proxy.password ? { password: proxy.password } : {}),
  };
}

function pendingLogin(login: {
  client: TelegramClient;
  session: sessions.StringSession;
  credentials: { apiId: number; apiHash: string };
  phone: string;
  phoneCodeHash: string;
  codeVia: "app" | "sms";
}): PendingLogin {
  const { client, session, credentials, phone, phoneCodeHash, codeVia } = login;
  const done = async (): Promise<LoginStep> => {
    const me = await client.getMe();
    return {
      status: "done",
      session: session.save(),
      user: { userId: me.id.toJSNumber(), username: me.username ?? null },
    };
  };
  return {
    codeVia,
    async submitCode(code) {
      try {
        const result = await client.invoke(new Api.auth.SignIn({ phoneNumber: phone, phoneCodeHash, phoneCode: code }));
        if (result instanceof Api.auth.AuthorizationSignUpRequired) {
          throw new TelegramUserError("phone_unregistered", "this phone has no Telegram account");
        }
        return await done();
      } catch (err) {
        if (err instanceof errors.SessionPasswordNeededError) {
          const password = await client.invoke(new Api.account.GetPassword());
          return { status: "password_needed", hint: password.hint ?? null };
        }
        throw translate(err);
      }
    },
    async submitPassword(password) {
      let failure: unknown;
      try {
        await client.signInWithPassword(credentials, {
          password: async () => password,
          // Stop at the first error: the admin is asked again instead of a silent retry loop.
          onError: async (err) => {
            failure = err;
            return true;
          },
        });
        return await done();
      } catch (err) {
        throw translate(failure ?? err);
      }
    },
    async close() {
      await client.destroy().catch(() => {});
    },
  };
}

const inputPeer = (peer: Peer) =>
  new Api.InputPeerUser({ userId: bigInt(peer.userId), accessHash: bigInt(peer.accessHash) });

function userClient(client: TelegramClient, identity: AccountIdentity): UserClient {
  const call = async <T>(fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      throw translate(err);
    }
  };
  return {
    identity,

    resolveUsername: (username) =>
      call(async () => {
        const resolved = await client.invoke(new Api.contacts.ResolveUsername({ username }));
        const user = resolved.users.find((u): u is Api.User => u instanceof Api.User);
        if (!user?.accessHash) throw new TelegramUserError("username_not_found", `@${username} is not a user`);
        return {
          peer: { userId: user.id.toJSNumber(), accessHash: user.accessHash.toString() },
          username: user.username ?? username,
          firstName: user.firstName ?? "",
          isBot: user.bot === true,
        };
      }),

    sendMessage: (peer, text, randomId) =>
      call(async () => {
        try {
          const updates = await client.invoke(
            new Api.messages.SendMessage({
              peer: inputPeer(peer),
              message: text,
              randomId: bigInt(randomId),
              noWebpage: true,
            }),
          );
          return { messageId: sentMessageId(updates, randomId), duplicate: false };
        } catch (err) {
          // Telegram already has a message with this random_id: it went out before a crash.
          if (err instanceof errors.RPCError && err.errorMessage === "RANDOM_ID_DUPLICATE") {
            return { messageId: null, duplicate: true };
          }
          throw err;
        }
      }),

    markRead: (peer, maxMessageId) =>
      call(async () => {
        await client.invoke(new Api.messages.ReadHistory({ peer: inputPeer(peer), maxId: maxMessageId }));
      }),

    setTyping: (peer, typing) =>
      call(async () => {
        await client.invoke(
          new Api.messages.SetTyping({
            peer: inputPeer(peer),
            action: typing ? new Api.SendMessageTypingAction() : new Api.SendMessageCancelAction(),
          }),
        );
      }),

    ring: (peer, ringMs) => call(() => ringAndHangUp(client, peer, ringMs)),

    incomingSince: (peer, afterMessageId) =>
      call(async () => {
        const history = await client.invoke(
          new Api.messages.GetHistory({ peer: inputPeer(peer), minId: afterMessageId, limit: 50 }),
        );
        const messages = "messages" in history ? history.messages : [];
        return messages
          .filter((m): m is Api.Message => m instanceof Api.Message && !m.out && m.id > afterMessageId)
          .map((m) => ({ fromUserId: peer.userId, messageId: m.id, text: m.message, date: new Date(m.date * 1000) }))
          .sort((a, b) => a.messageId - b.messageId);
      }),

    onMessage(handler) {
      client.addEventHandler(
        (event: NewMessageEvent) => {
          const message = event.message;
          if (!event.isPrivate || message.out || !message.senderId) return;
          const incoming: IncomingMessage = {
            fromUserId: message.senderId.toJSNumber(),
            messageId: message.id,
            text: message.message ?? "",
            date: new Date(message.date * 1000),
          };
          handler(incoming);
        },
        new NewMessage({ incoming: true }),
      );
    },

    close: async () => {
      await client.destroy().catch(() => {});
    },
  };
}

/** The id Telegram gave the message we sent with `randomId`. */
function sentMessageId(updates: Api.TypeUpdates, randomId: number): number | null {
  if (updates instanceof Api.UpdateShortSentMessage) return updates.id;
  if (updates instanceof Api.Updates || updates instanceof Api.UpdatesCombined) {
    for (const update of updates.updates) {
      if (update instanceof Api.UpdateMessageID && update.randomId?.equals(bigInt(randomId))) return update.id;
    }
  }
  return null;
}

/**
 * A ring nobody needs to answer: request a call (Telegram requires a Diffie-Hellman commitment,
 * g_a_hash, even for a call that is never set up), let it ring, then hang up as missed.
 */
async function ringAndHangUp(client: TelegramClient, peer: Peer, ringMs: number): Promise<void> {
  const dh = await client.invoke(new Api.messages.GetDhConfig({ version: 0, randomLength: 256 }));
  if (!(dh instanceof Api.messages.DhConfig)) throw new TelegramUserError("unknown", "no DH config");
  const p = BigInt(`0x${Buffer.from(dh.p).toString("hex")}`);
  const a = BigInt(`0x${randomBytes(256).toString("hex")}`) % p;
  const gA = modPow(BigInt(dh.g), a, p);
  const gABytes = Buffer.from(gA.toString(16).padStart(512, "0"), "hex");
  const requested = await client.invoke(
    new Api.phone.RequestCall({
      userId: new Api.InputUser({ userId: bigInt(peer.userId), accessHash: bigInt(peer.accessHash) }),
      randomId: randomInt(1, 2 ** 31 - 1),
      gAHash: createHash("sha256").update(gABytes).digest(),
      protocol: new Api.PhoneCallProtocol({
        udpP2p: true,
        udpReflector: true,
        minLayer: 65,
        maxLayer: 92,
        libraryVersions: ["11.0.0"],
      }),
    }),
  );
  const call = requested.phoneCall;
  if (!("accessHash" in call)) return; // discarded at once (e.g. the user is busy): nothing to hang up
  await new Promise((resolve) => setTimeout(resolve, ringMs));
  await client
    .invoke(
      new Api.phone.DiscardCall({
        peer: new Api.InputPhoneCall({ id: call.id, accessHash: call.accessHash }),
        duration: 0,
        reason: new Api.PhoneCallDiscardReasonMissed(),
        connectionId: bigInt(0),
      }),
    )
    .catch(() => {}); // already ended by the other side
}

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
    e >>= 1n;
  }
  return result;
}

const BY_MESSAGE: Record<string, TelegramUserErrorKind> = {
  PEER_FLOOD: "peer_flood",
  FROZEN_METHOD_INVALID: "account_restricted",
  USER_RESTRICTED: "account_restricted",
  AUTH_KEY_UNREGISTERED: "session_revoked",
  SESSION_REVOKED: "session_revoked",
  SESSION_EXPIRED: "session_revoked",
  USER_DEACTIVATED: "session_revoked",
  USER_DEACTIVATED_BAN: "session_revoked",
  AUTH_KEY_DUPLICATED: "auth_key_duplicated",
  USERNAME_NOT_OCCUPIED: "username_not_found",
  USERNAME_INVALID: "username_not_found",
  USER_PRIVACY_RESTRICTED: "privacy_restricted",
  USER_IS_BLOCKED: "user_unreachable",
  INPUT_USER_DEACTIVATED: "user_unreachable",
  YOU_BLOCKED_USER: "user_unreachable",
  PHONE_CODE_INVALID: "code_invalid",
  PHONE_CODE_EMPTY: "code_invalid",
  PHONE_CODE_EXPIRED: "code_expired",
  PASSWORD_HASH_INVALID: "password_invalid",
  PHONE_NUMBER_INVALID: "phone_invalid",
  PHONE_NUMBER_BANNED: "phone_banned",
  PHONE_NUMBER_UNOCCUPIED: "phone_unregistered",
};

/** teleproto's error → ours. */
export function translate(err: unknown): TelegramUserError {
  if (err instanceof TelegramUserError) return err;
  if (err instanceof errors.FloodWaitError || err instanceof errors.SlowModeWaitError) {
    return new TelegramUserError("flood_wait", `Telegram asks to wait ${err.seconds} s`, {
      seconds: err.seconds,
      cause: err,
    });
  }
  if (err instanceof errors.RPCError) {
    const kind = BY_MESSAGE[err.errorMessage];
    if (kind) return new TelegramUserError(kind, err.errorMessage, { cause: err });
    const flood = err.errorMessage.match(/^FLOOD(?:_PREMIUM)?_WAIT_(\d+)$/);
    if (flood) return new TelegramUserError("flood_wait", err.errorMessage, { seconds: Number(flood[1]), cause: err });
    return new TelegramUserError("unknown", err.errorMessage, { cause: err });
  }
  const message = err instanceof Error ? err.message : String(err);
  if (/ECONN|ETIMEDOUT|ENOTFOUND|EHOSTUNREACH|socket|timeout|Not connected/i.test(message)) {
    return new TelegramUserError("network", message, { cause: err });
  }
  return new TelegramUserError("unknown", message, { cause: err });
}
