import { Api, errors } from "teleproto";
import { describe, expect, it } from "vitest";
import { teleprotoPort, translate } from "./teleproto-adapter.ts";

// Nothing here reaches Telegram (no test may leave this machine): the adapter is constructed and its
// error translation checked against teleproto's own error classes. Live behaviour is unverified.
const request = new Api.messages.SendMessage({ message: "x" });
const rpc = (message: string, code = 400) => new errors.RPCError(message, request, code);

describe("teleproto adapter", () => {
  it("constructs without connecting", () => {
    const port = teleprotoPort({ apiId: 12345, apiHash: "0123456789abcdef0123456789abcdef" });
    expect(port.name).toBe("teleproto");
  });

  it.each([
    [new errors.FloodWaitError({ request, capture: 42 }), "flood_wait", 42],
    [rpc("FLOOD_PREMIUM_WAIT_7", 420), "flood_wait", 7],
    [rpc("PEER_FLOOD"), "peer_flood", 0],
    [rpc("FROZEN_METHOD_INVALID", 420), "account_restricted", 0],
    [rpc("AUTH_KEY_UNREGISTERED", 401), "session_revoked", 0],
    [rpc("SESSION_REVOKED", 401), "session_revoked", 0],
    [rpc("AUTH_KEY_DUPLICATED", 406), "auth_key_duplicated", 0],
    [rpc("USERNAME_NOT_OCCUPIED"), "username_not_found", 0],
    [rpc("USER_PRIVACY_RESTRICTED", 403), "privacy_restricted", 0],
    [rpc("PHONE_CODE_INVALID"), "code_invalid", 0],
    [rpc("PASSWORD_HASH_INVALID"), "password_invalid", 0],
    [rpc("SOMETHING_NEW"), "unknown", 0],
    [new Error("connect ECONNREFUSED 127.0.0.1:1080"), "network", 0],
  ] as const)("%s → %s", (error, kind, seconds) => {
    const translated = translate(error);
    expect(translated.kind).toBe(kind);
    expect(translated.seconds).toBe(seconds);
  });
});
